'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { AuthStatus } from './types';

/**
 * Whether the admin password must still be created, and whether this browser is logged in.
 * Asked again when the tab regains focus, so an expired session is noticed before the next save.
 */
export function useAuthStatusQuery() {
  return useQuery({
    queryKey: keys.authStatus(),
    queryFn: () => fetchJson<AuthStatus>('/api/auth/status'),
  });
}
