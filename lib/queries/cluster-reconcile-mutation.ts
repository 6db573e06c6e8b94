'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

export interface ReconcileOptions {
  confirmDestructive?: boolean;
  concurrency?: number;
}

/** Queue a reconcile job: runs the drift-correcting plan. A 409 carries the active job's id, or the destructive steps. */
export function useClusterReconcileMutation<T>(clusterId: string, reconcile: ServerAction<[id: string, options: ReconcileOptions], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (options: ReconcileOptions = {}) => callAction(() => reconcile(clusterId, options)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
