'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Remove a channel with its delivery log. */
export function useNotificationDeleteMutation<T>(clusterId: string, remove: ServerAction<[id: string, channelId: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (channelId: string) => callAction(() => remove(clusterId, channelId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusterNotifications(clusterId) }),
  });
}
