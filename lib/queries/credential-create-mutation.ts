'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

export interface CredentialInput {
  name: string;
  user: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  sudoPassword?: string;
}

/** Store an SSH credential (encrypted on the server); the secrets are never sent back. */
export function useCredentialCreateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CredentialInput) =>
      postJson<{ id: string; name: string; user: string }>('/api/credentials', input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.credentials() }),
  });
}
