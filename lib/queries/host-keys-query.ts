'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { HostKey } from './types';

/** SSH host keys pinned the first time the panel connected to each host. */
export function useHostKeysQuery() {
  return useQuery({
    queryKey: keys.hostKeys(),
    queryFn: async () => (await fetchJson<{ hostKeys: HostKey[] }>('/api/host-keys')).hostKeys,
  });
}
