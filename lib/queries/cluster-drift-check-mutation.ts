'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { DriftReport } from './types';

/** Check drift now instead of waiting for the server's next minute; the answer replaces the cached report. */
export function useClusterDriftCheckMutation(clusterId: string, check: ServerAction<[id: string], DriftReport>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => check(clusterId)),
    onSuccess: async (report) => {
      const queryKey = keys.clusterDrift(clusterId);
      // A poll still in flight holds the older report: drop it so it cannot overwrite this one.
      await client.cancelQueries({ queryKey });
      client.setQueryData(queryKey, report);
    },
  });
}
