'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { Role } from './types';

/** Change a user's role or password; a new password ends that user's sessions. */
export function useUserUpdateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: { id: string; role?: Role; password?: string }) =>
      postJson<{ id: string }>(`/api/users/${encodeURIComponent(id)}`, change, 'PATCH'),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users() }),
  });
}
