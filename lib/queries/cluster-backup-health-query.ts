'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { BackupHealth } from './backups-types';

/** Last good backup age, archive health and backup alerts (GET /api/clusters/:id/backups/health). */
export function useClusterBackupHealthQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterBackupHealth(clusterId),
    queryFn: ({ signal }) => fetchJson<BackupHealth>(`/api/clusters/${encodeURIComponent(clusterId)}/backups/health`, { signal }),
    enabled,
    refetchInterval: POLL.backupHealth,
    refetchIntervalInBackground: false,
  });
}
