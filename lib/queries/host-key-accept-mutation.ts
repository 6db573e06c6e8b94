'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

export type HostKeyAcceptance =
  | { host: string; port: number; fingerprint: string; keyType: string | null }
  | { knownHosts: string; hosts: Array<{ host: string; port: number }> };

/** Accept host keys: a fingerprint the user compared, or pasted known_hosts lines. */
export function useHostKeyAcceptMutation<T>(accept: ServerAction<[input: HostKeyAcceptance], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: HostKeyAcceptance) => callAction(() => accept(input)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.hostKeys() }),
  });
}
