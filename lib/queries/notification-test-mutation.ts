'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { NotificationTestResult } from './notifications-types';

/** "Send test": a test event now; an unreachable or refusing receiver is a 422 at `url`. Logged either way. */
export function useNotificationTestMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (channelId: string) =>
      postJson<NotificationTestResult>(
        `/api/clusters/${encodeURIComponent(clusterId)}/notifications/${encodeURIComponent(channelId)}/test`,
      ),
    onSettled: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
