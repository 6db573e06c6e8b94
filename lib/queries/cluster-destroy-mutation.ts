'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { destroyClusterAction } from '@/app/(panel)/clusters/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';

/** Queue the destruction of a cluster (stops and removes its PostgreSQL instances). */
export function useClusterDestroyMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => destroyClusterAction(clusterId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
