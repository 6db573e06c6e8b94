'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createClusterAction } from '@/app/(panel)/clusters/new/actions';
import { callAction } from './call-action';
import { keys } from './keys';
import type { TopologyBody } from './types';

/** Save a new cluster and queue its first apply (422 lists every problem). */
export function useClusterCreateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (topology: TopologyBody) => callAction(() => createClusterAction(topology)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
