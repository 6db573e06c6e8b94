'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { CreatedApiToken, Role } from './types';

/** Create an API token; the answer carries the token itself, the only time it is shown. */
export function useTokenCreateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role; expiresInDays?: number }) =>
      postJson<CreatedApiToken>('/api/tokens', input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}
