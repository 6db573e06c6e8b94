'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { rebuildNodeAction } from '@/app/(panel)/clusters/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';

/** Queue the apply that adds a retired node back as a standby (re-cloned). A 409 carries the active job's id. */
export function useClusterRebuildMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (node: string) => callAction(() => rebuildNodeAction(clusterId, node)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
