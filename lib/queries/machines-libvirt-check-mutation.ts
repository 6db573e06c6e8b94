'use client';
import { useMutation } from '@tanstack/react-query';
import { checkLibvirtAction } from '@/app/(panel)/clusters/new/actions';
import type { LibvirtCheck } from '@/lib/machines/checks';
import { callAction } from './call-action';

/** Ask libvirt at a URI whether it answers, and the host's free memory and disk (nothing is created). */
export function useLibvirtCheckMutation() {
  return useMutation({
    mutationFn: (input: { uri: string }): Promise<LibvirtCheck> => callAction(() => checkLibvirtAction(input)),
  });
}
