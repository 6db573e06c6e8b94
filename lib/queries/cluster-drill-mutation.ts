'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Run a restore drill now. */
export function useClusterDrillMutation<T>(clusterId: string, drill: ServerAction<[id: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => drill(clusterId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
