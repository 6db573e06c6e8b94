'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Revoke an API token: requests that send it get 401 from then on. */
export function useTokenDeleteMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      postJson<{ ok: true }>(`/api/tokens/${encodeURIComponent(id)}`, undefined, 'DELETE'),
    onSettled: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}
