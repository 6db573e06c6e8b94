'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { ApiToken } from './types';

/** The API tokens (names and dates only: a token's value is shown once, when it is created). */
export function useTokensQuery() {
  return useQuery({
    queryKey: keys.tokens(),
    queryFn: async () => (await fetchJson<{ tokens: ApiToken[] }>('/api/tokens')).tokens,
  });
}
