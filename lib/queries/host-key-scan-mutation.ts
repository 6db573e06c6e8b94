'use client';
import { useMutation } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import type { ScannedHostKey } from './types';

/** Read the key a host presents (the panel connects and hangs up before logging in), for the user to compare. */
export function useHostKeyScanMutation(scan: ServerAction<[input: { host: string; port: number }], ScannedHostKey>) {
  return useMutation({
    mutationFn: ({ host, port }: { host: string; port: number }) => callAction(() => scan({ host, port })),
  });
}
