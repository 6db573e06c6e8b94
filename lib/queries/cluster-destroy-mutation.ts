'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Queue the destruction of a cluster (stops and removes its PostgreSQL instances). */
export function useClusterDestroyMutation<T>(clusterId: string, destroy: ServerAction<[id: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => destroy(clusterId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
