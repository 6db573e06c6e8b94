'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyClusterAction, type ApplyRequest } from '@/app/(panel)/clusters/[id]/actions';
import type { TopologyInput } from '@/lib/topology/schema';
import { callAction } from './call-action';
import { keys } from './keys';

export type { ApplyRequest };

/** Queue a re-apply of the cluster's saved (or a changed) topology. A 409 carries the active job's id, or the destructive steps. */
export function useClusterApplyMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: ApplyRequest & { topology?: TopologyInput } = {}) => callAction(() => applyClusterAction(clusterId, request)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
