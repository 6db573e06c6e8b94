'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { ClusterDetail } from './types';

/** One cluster with its live node status; re-read every few seconds while the tab is visible. */
export function useClusterQuery(id: string) {
  return useQuery({
    queryKey: keys.cluster(id),
    queryFn: () => fetchJson<ClusterDetail>(`/api/clusters/${encodeURIComponent(id)}`),
    refetchInterval: POLL.cluster,
    refetchIntervalInBackground: false,
  });
}
