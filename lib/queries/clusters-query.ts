'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { ClusterSummary } from './types';

const busy = (c: ClusterSummary) =>
  c.status === 'applying' || c.status === 'destroying' || c.status === 'new';

/** Every cluster; polls while one of them is being applied or destroyed. */
export function useClustersQuery() {
  return useQuery({
    queryKey: keys.clusters(),
    queryFn: async () => (await fetchJson<{ clusters: ClusterSummary[] }>('/api/clusters')).clusters,
    refetchInterval: (query) => (query.state.data?.some(busy) ? POLL.clusters : false),
    refetchIntervalInBackground: false,
  });
}
