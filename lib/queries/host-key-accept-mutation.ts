'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

export type HostKeyAcceptance =
  | { host: string; port: number; fingerprint: string; keyType: string | null }
  | { knownHosts: string; hosts: Array<{ host: string; port: number }> };

interface Accepted {
  accepted: Array<{ host: string; port: number; fingerprint: string; keyType: string | null }>;
  skipped: string[];
}

/** Accept host keys: a fingerprint the user compared, or pasted known_hosts lines. */
export function useHostKeyAcceptMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: HostKeyAcceptance) => postJson<Accepted>('/api/host-keys', input),
    onSettled: () => client.invalidateQueries({ queryKey: keys.hostKeys() }),
  });
}
