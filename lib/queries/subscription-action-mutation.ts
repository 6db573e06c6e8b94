'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { SubscriptionActionInput } from './types';

/** Skip a subscription's failing transaction, or disable / enable it; diagnoses and live status are read again after. */
export function useSubscriptionActionMutation<T>(clusterId: string, act: ServerAction<[id: string, input: SubscriptionActionInput], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubscriptionActionInput) => callAction(() => act(clusterId, input)),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.clusterDiagnoses(clusterId) }),
        client.invalidateQueries({ queryKey: keys.clusterStatus(clusterId) }),
      ]),
  });
}
