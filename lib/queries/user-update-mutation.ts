'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { Role } from './types';

export interface UserChange {
  role?: Role;
  password?: string;
}

/** Change a user's role or password; a new password ends that user's sessions. */
export function useUserUpdateMutation<T>(update: ServerAction<[id: string, change: UserChange], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...change }: { id: string } & UserChange) => callAction(() => update(id, change)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users() }),
  });
}
