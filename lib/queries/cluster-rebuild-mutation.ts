'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Queue the apply that adds a retired node back as a standby (re-cloned). A 409 carries the active job's id. */
export function useClusterRebuildMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (node: string) =>
      postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/rebuild`, { node }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
