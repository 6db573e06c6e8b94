'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import type { ScannedHostKey } from './types';

/** Read the key a host presents (the panel connects and hangs up before logging in), for the user to compare. */
export function useHostKeyScanMutation() {
  return useMutation({
    mutationFn: ({ host, port }: { host: string; port: number }) => postJson<ScannedHostKey>('/api/host-keys/scan', { host, port }),
  });
}
