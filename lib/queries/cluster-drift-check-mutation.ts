'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { checkDriftAction } from '@/app/(panel)/clusters/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';

/** Check drift now instead of waiting for the server's next minute; the answer replaces the cached report. */
export function useClusterDriftCheckMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => checkDriftAction(clusterId)),
    onSuccess: async (report) => {
      const queryKey = keys.clusterDrift(clusterId);
      // A poll still in flight holds the older report: drop it so it cannot overwrite this one.
      await client.cancelQueries({ queryKey });
      client.setQueryData(queryKey, report);
    },
  });
}
