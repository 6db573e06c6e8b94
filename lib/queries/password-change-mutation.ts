'use client';
import { useMutation } from '@tanstack/react-query';
import { postJson } from './fetch-json';

/** Change one's own password (422 at `currentPassword` when it is wrong); other sessions of the user end. */
export function usePasswordChangeMutation() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      postJson<{ ok: true }>('/api/auth/password', input),
  });
}
