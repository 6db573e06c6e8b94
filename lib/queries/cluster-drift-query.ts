'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { DriftReport } from './types';

/** The server's latest drift check (it checks every minute); re-read every 10 s while the tab is visible. */
export function useClusterDriftQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterDrift(clusterId),
    queryFn: ({ signal }) =>
      fetchJson<DriftReport>(`/api/clusters/${encodeURIComponent(clusterId)}/drift`, { signal }),
    enabled,
    refetchInterval: POLL.drift,
    refetchIntervalInBackground: false,
  });
}
