'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { DrillSummary } from './backups-types';

/** Every restore drill with its report (GET /api/clusters/:id/drills). */
export function useClusterDrillsQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterDrills(clusterId),
    queryFn: ({ signal }) => fetchJson<{ drills: DrillSummary[] }>(`/api/clusters/${encodeURIComponent(clusterId)}/drills`, { signal }),
    enabled,
    refetchInterval: POLL.backups,
    refetchIntervalInBackground: false,
  });
}
