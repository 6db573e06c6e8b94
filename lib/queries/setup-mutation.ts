'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** First visit: create the admin password and log in (409 once a password exists, 422 when too short). */
export function useSetupMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => postJson<{ ok: true }>('/api/auth/setup', { password }),
    // Someone else may have set it up meanwhile: ask again so the page shows the login form.
    onError: () => client.invalidateQueries({ queryKey: keys.authStatus() }),
  });
}
