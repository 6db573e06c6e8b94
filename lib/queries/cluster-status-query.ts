'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { ClusterLiveStatus } from './types';

/** The cluster's latest monitoring sample (nodes, links, subscriptions, slots, alerts), re-read every second. */
export function useClusterStatusQuery(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterStatus(id),
    queryFn: ({ signal }) =>
      fetchJson<ClusterLiveStatus>(`/api/clusters/${encodeURIComponent(id)}/status`, { signal }),
    enabled,
    refetchInterval: POLL.status,
    refetchIntervalInBackground: false,
  });
}
