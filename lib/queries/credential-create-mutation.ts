'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
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
export function useCredentialCreateMutation<T>(create: ServerAction<[input: CredentialInput], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CredentialInput) => callAction(() => create(input)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.credentials() }),
  });
}
