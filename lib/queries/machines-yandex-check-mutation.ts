'use client';
import { useMutation } from '@tanstack/react-query';
import { testYandexCredentialsAction } from '@/app/(panel)/clusters/new/actions';
import type { YandexCheck } from '@/lib/machines/checks';
import { callAction } from './call-action';

/** Log in to Yandex Cloud with a stored credential: the zones and the folder's subnets, or what stopped it (nothing is created). */
export function useYandexCheckMutation() {
  return useMutation({
    mutationFn: (input: { credentialId: string; folderId: string }): Promise<YandexCheck> => callAction(() => testYandexCredentialsAction(input)),
  });
}
