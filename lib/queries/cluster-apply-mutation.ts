'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TopologyInput } from '@/lib/topology/schema';
import { postJson } from './fetch-json';
import { keys } from './keys';

export interface ApplyRequest {
  /** A changed topology; the saved one when absent. */
  topology?: TopologyInput;
  /** The user typed the cluster's name to accept the plan's destructive steps. */
  confirmDestructive?: boolean;
}

/** Queue a re-apply of the cluster's saved (or a changed) topology. A 409 carries the active job's id, or the destructive steps. */
export function useClusterApplyMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ topology, confirmDestructive }: ApplyRequest = {}) =>
      postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/apply${confirmDestructive ? '?confirmDestructive=true' : ''}`, topology),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
