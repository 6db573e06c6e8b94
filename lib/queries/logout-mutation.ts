'use client';
import { useMutation } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';

/** End this browser's session; the server clears the cookie. */
export function useLogoutMutation<T>(logout: ServerAction<[], T>) {
  return useMutation({
    mutationFn: () => callAction(() => logout()),
  });
}
