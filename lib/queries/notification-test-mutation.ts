'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { NotificationTestResult } from './notifications-types';

/** "Send test": a test event now; an unreachable or refusing receiver is a 422 at `url`. Logged either way. */
export function useNotificationTestMutation(clusterId: string, test: ServerAction<[id: string, channelId: string], NotificationTestResult>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (channelId: string) => callAction(() => test(clusterId, channelId)),
    onSettled: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
