'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Queue a reconcile job: runs the drift-correcting plan. A 409 carries the active job's id, or the destructive steps. */
export function useClusterReconcileMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ confirmDestructive }: { confirmDestructive?: boolean } = {}) =>
      postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/reconcile${confirmDestructive ? '?confirmDestructive=true' : ''}`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
