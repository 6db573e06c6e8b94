'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TopologyInput } from '@/lib/topology/schema';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

export interface ApplyRequest {
  /** A changed topology; the saved one when absent. */
  topology?: TopologyInput;
  /** The user typed the cluster's name to accept the plan's destructive steps. */
  confirmDestructive?: boolean;
  concurrency?: number;
}

/** Queue a re-apply of the cluster's saved (or a changed) topology. A 409 carries the active job's id, or the destructive steps. */
export function useClusterApplyMutation<T>(clusterId: string, apply: ServerAction<[id: string, request: ApplyRequest], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: ApplyRequest = {}) => callAction(() => apply(clusterId, request)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
