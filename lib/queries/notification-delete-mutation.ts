'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Remove a channel with its delivery log. */
export function useNotificationDeleteMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (channelId: string) =>
      postJson<{ ok: true }>(
        `/api/clusters/${encodeURIComponent(clusterId)}/notifications/${encodeURIComponent(channelId)}`,
        undefined,
        'DELETE',
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
