'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { DriftReport } from './types';

/** Check drift now instead of waiting for the server's next minute; the answer replaces the cached report. */
export function useClusterDriftCheckMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<DriftReport>(`/api/clusters/${encodeURIComponent(clusterId)}/drift`),
    onSuccess: async (report) => {
      const queryKey = keys.clusterDrift(clusterId);
      // A poll still in flight holds the older report: drop it so it cannot overwrite this one.
      await client.cancelQueries({ queryKey });
      client.setQueryData(queryKey, report);
    },
  });
}
