'use client';
import { useMutation } from '@tanstack/react-query';
import type { YandexCheck } from '@/lib/machines/checks';
import { callAction, type ServerAction } from './call-action';

/** Log in to Yandex Cloud with a stored credential: the zones and the folder's subnets, or what stopped it (nothing is created). */
export function useYandexCheckMutation(check: ServerAction<[input: { credentialId: string; folderId: string }], YandexCheck>) {
  return useMutation({
    mutationFn: (input: { credentialId: string; folderId: string }) => callAction(() => check(input)),
  });
}
