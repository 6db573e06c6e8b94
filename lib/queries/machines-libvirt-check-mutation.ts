'use client';
import { useMutation } from '@tanstack/react-query';
import type { LibvirtCheck } from '@/lib/machines/checks';
import { callAction, type ServerAction } from './call-action';

/** Ask libvirt at a URI whether it answers, and the host's free memory and disk (nothing is created). */
export function useLibvirtCheckMutation(check: ServerAction<[input: { uri: string }], LibvirtCheck>) {
  return useMutation({
    mutationFn: (input: { uri: string }) => callAction(() => check(input)),
  });
}
