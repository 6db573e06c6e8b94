'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { CreatedApiToken } from './types';

/** Create an API token; the answer carries the token itself, the only time it is shown. */
export function useTokenCreateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => postJson<CreatedApiToken>('/api/tokens', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens() }),
  });
}
