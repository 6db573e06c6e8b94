'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { reconcileClusterAction } from '@/app/(panel)/clusters/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';

/** Queue a reconcile job: runs the drift-correcting plan. A 409 carries the active job's id, or the destructive steps. */
export function useClusterReconcileMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: { confirmDestructive?: boolean; concurrency?: number } = {}) => callAction(() => reconcileClusterAction(clusterId, options)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
