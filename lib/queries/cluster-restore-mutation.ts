'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** "Restore to…": queue a restore job (409 with `destructive` for an unconfirmed in-place restore). */
export function useClusterRestoreMutation<I, T>(clusterId: string, restore: ServerAction<[id: string, input: I], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => callAction(() => restore(clusterId, input)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
