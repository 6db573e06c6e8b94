'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Remove a user: their sessions end at once. */
export function useUserDeleteMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      postJson<{ ok: true }>(`/api/users/${encodeURIComponent(id)}`, undefined, 'DELETE'),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users() }),
  });
}
