'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { Diagnosis } from './types';

/** Problems the panel recognises on the cluster, each with its meaning and fix; re-read every 10 s while visible. */
export function useClusterDiagnosesQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterDiagnoses(clusterId),
    queryFn: async ({ signal }) =>
      (
        await fetchJson<{ diagnoses: Diagnosis[] }>(
          `/api/clusters/${encodeURIComponent(clusterId)}/diagnoses`,
          { signal },
        )
      ).diagnoses,
    enabled,
    refetchInterval: POLL.diagnoses,
    refetchIntervalInBackground: false,
  });
}
