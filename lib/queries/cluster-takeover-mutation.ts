'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { TakeoverMode, TakeoverQueued } from './types';

export interface TakeoverInput {
  /** The standby to promote. */
  promote: string;
  mode: TakeoverMode;
}

/** Queue a failover or switchover of a standby over its upstream; 422 says why it cannot be done, 409 names the running job. */
export function useClusterTakeoverMutation(clusterId: string, takeover: ServerAction<[id: string, mode: TakeoverMode, promote: string], TakeoverQueued>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ promote, mode }: TakeoverInput) => callAction(() => takeover(clusterId, mode, promote)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
