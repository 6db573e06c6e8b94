'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { NotificationChannel, NotificationChannelInput } from './notifications-types';

/** Add a notification channel; a 422 names each field (url, secret). */
export function useNotificationCreateMutation(clusterId: string, create: ServerAction<[id: string, input: NotificationChannelInput], NotificationChannel>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationChannelInput) => callAction(() => create(clusterId, input)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
