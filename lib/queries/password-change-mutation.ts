'use client';
import { useMutation } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** Change one's own password (422 at `currentPassword` when it is wrong); other sessions of the user end. */
export function usePasswordChangeMutation<T>(change: ServerAction<[input: PasswordChange], T>) {
  return useMutation({
    mutationFn: (input: PasswordChange) => callAction(() => change(input)),
  });
}
