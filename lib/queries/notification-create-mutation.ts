'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { NotificationChannel, NotificationChannelInput } from './notifications-types';

/** Add a notification channel; a 422 names each field (url, secret). */
export function useNotificationCreateMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationChannelInput) =>
      postJson<NotificationChannel>(`/api/clusters/${encodeURIComponent(clusterId)}/notifications`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
