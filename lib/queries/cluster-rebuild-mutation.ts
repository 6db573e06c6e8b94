'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Queue the apply that adds a retired node back as a standby (re-cloned). A 409 carries the active job's id. */
export function useClusterRebuildMutation<T>(clusterId: string, rebuild: ServerAction<[id: string, node: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (node: string) => callAction(() => rebuild(clusterId, node)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
