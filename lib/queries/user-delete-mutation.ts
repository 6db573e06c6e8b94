'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Remove a user: their sessions end at once. */
export function useUserDeleteMutation<T>(remove: ServerAction<[id: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callAction(() => remove(id)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.users() }),
  });
}
