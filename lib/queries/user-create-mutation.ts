'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { Role } from './types';

/** Add a user with a role and a password (409 at `name` when taken, 422 when the password is short). */
export function useUserCreateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role; password: string }) =>
      postJson<{ id: string }>('/api/users', input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.users() }),
  });
}
