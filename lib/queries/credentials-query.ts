'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { Credential } from './types';

/** Stored SSH credentials: names, users and which kinds of secret they hold, never the secrets. */
export function useCredentialsQuery({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.credentials(),
    queryFn: async () => (await fetchJson<{ credentials: Credential[] }>('/api/credentials')).credentials,
    enabled,
  });
}
