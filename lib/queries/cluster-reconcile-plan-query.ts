'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { Plan } from './types';

/** The plan that would correct the drift: only the differing steps and what they need. Read afresh each time it is shown. */
export function useClusterReconcilePlanQuery(clusterId: string) {
  return useQuery({
    queryKey: keys.clusterReconcilePlan(clusterId),
    queryFn: ({ signal }) =>
      fetchJson<Plan>(`/api/clusters/${encodeURIComponent(clusterId)}/reconcile`, { signal }),
    // Never show a plan from an earlier opening: the drift may have changed since.
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}
