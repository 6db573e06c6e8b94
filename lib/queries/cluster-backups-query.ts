'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { BackupList } from './backups-types';

/** The backups in the repository and the archive's WAL range (GET /api/clusters/:id/backups). */
export function useClusterBackupsQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterBackups(clusterId),
    queryFn: ({ signal }) => fetchJson<BackupList>(`/api/clusters/${encodeURIComponent(clusterId)}/backups`, { signal }),
    enabled,
    refetchInterval: POLL.backups,
    refetchIntervalInBackground: false,
  });
}
