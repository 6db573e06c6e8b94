'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { Role } from './types';

export interface NewUser {
  name: string;
  role: Role;
  password: string;
}

/** Add a user with a role and a password (409 at `name` when taken, 422 when the password is short). */
export function useUserCreateMutation<T>(create: ServerAction<[input: NewUser], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => callAction(() => create(input)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.users() }),
  });
}
