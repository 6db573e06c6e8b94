'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** First visit: with the setup token from the server log, create the first admin and log in (409 once one exists). */
export function useSetupMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { setupToken: string; username: string; password: string }) =>
      postJson<{ ok: true }>('/api/auth/setup', input),
    // Someone else may have set it up meanwhile: ask again so the page shows the login form.
    onError: () => client.invalidateQueries({ queryKey: keys.authStatus() }),
  });
}
