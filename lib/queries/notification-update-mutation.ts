'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { NotificationChannel } from './notifications-types';

/** Turn a channel on or off. */
export function useNotificationUpdateMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ channelId, enabled }: { channelId: string; enabled: boolean }) =>
      postJson<NotificationChannel>(
        `/api/clusters/${encodeURIComponent(clusterId)}/notifications/${encodeURIComponent(channelId)}`,
        { enabled },
        'PATCH',
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
