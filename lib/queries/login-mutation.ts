'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';

/** Log in with the admin password; the server sets the http-only session cookie. 401 at `password` when wrong. */
export function useLoginMutation() {
  return useMutation({
    mutationFn: (password: string) => postJson<{ ok: true }>('/api/auth/login', { password }),
  });
}
