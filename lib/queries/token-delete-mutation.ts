'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Revoke an API token: requests that send it get 401 from then on. */
export function useTokenDeleteMutation<T>(remove: ServerAction<[id: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => callAction(() => remove(id)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}
