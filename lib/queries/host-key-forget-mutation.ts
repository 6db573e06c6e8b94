'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Forget a pinned host key: the next connection pins whatever key the host presents then. */
export function useHostKeyForgetMutation<T>(forget: ServerAction<[host: string, port: number], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ host, port }: { host: string; port: number }) => callAction(() => forget(host, port)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.hostKeys() }),
  });
}
