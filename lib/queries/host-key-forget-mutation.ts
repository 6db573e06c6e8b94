'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Forget a pinned host key: the next connection pins whatever key the host presents then. */
export function useHostKeyForgetMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ host, port }: { host: string; port: number }) =>
      postJson<{ ok: true }>(
        `/api/host-keys?${new URLSearchParams({ host, port: String(port) }).toString()}`,
        undefined,
        'DELETE',
      ),
    onSettled: () => client.invalidateQueries({ queryKey: keys.hostKeys() }),
  });
}
