'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { TopologyBody } from './types';

/** Save a new cluster and queue its first apply (422 lists every problem). */
export function useClusterCreateMutation<T>(create: ServerAction<[topology: TopologyBody], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (topology: TopologyBody) => callAction(() => create(topology)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
