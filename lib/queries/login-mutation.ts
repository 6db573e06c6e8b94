'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';

/** Log in as a user; the server sets the http-only session cookie. 401 at `password` when wrong, 429 when too many. */
export function useLoginMutation() {
  return useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      postJson<{ ok: true }>('/api/auth/login', input),
  });
}
