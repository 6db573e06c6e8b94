'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { NotificationChannel } from './notifications-types';

/** Turn a channel on or off. */
export function useNotificationUpdateMutation(clusterId: string, update: ServerAction<[id: string, channelId: string, patch: { enabled: boolean }], NotificationChannel>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ channelId, enabled }: { channelId: string; enabled: boolean }) => callAction(() => update(clusterId, channelId, { enabled })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
