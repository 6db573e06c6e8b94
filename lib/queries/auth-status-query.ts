'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { AuthStatus } from './types';

/** Whether the admin password must still be created, and whether this browser is logged in. */
export function useAuthStatusQuery() {
  return useQuery({
    queryKey: keys.authStatus(),
    queryFn: () => fetchJson<AuthStatus>('/api/auth/status'),
    refetchOnWindowFocus: false,
  });
}
