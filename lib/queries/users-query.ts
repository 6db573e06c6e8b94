'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { PanelUser } from './types';

/** The panel's users and their roles (admin only). */
export function useUsersQuery() {
  return useQuery({
    queryKey: keys.users(),
    queryFn: async () => (await fetchJson<{ users: PanelUser[] }>('/api/users')).users,
  });
}
