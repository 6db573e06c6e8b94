'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Queue a re-apply of the cluster's saved topology. A 409 carries the active job's id. */
export function useClusterApplyMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/apply`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
