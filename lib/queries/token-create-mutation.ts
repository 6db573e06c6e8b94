'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { CreatedApiToken, Role } from './types';

export interface NewToken {
  name: string;
  role: Role;
  expiresInDays?: number;
}

/** Create an API token; the answer carries the token itself, the only time it is shown. */
export function useTokenCreateMutation(create: ServerAction<[input: NewToken], CreatedApiToken>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewToken) => callAction(() => create(input)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}
