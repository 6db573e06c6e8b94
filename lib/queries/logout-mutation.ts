'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';

/** End this browser's session; the server clears the cookie. */
export function useLogoutMutation() {
  return useMutation({
    mutationFn: () => postJson<{ ok: true }>('/api/auth/logout'),
  });
}
