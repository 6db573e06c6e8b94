'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { subscriptionAction } from '@/app/(panel)/clusters/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';
import type { SubscriptionActionInput } from './types';

/** Skip a subscription's failing transaction, or disable / enable it; diagnoses and live status are read again after. */
export function useSubscriptionActionMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubscriptionActionInput) => callAction(() => subscriptionAction(clusterId, input)),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.clusterDiagnoses(clusterId) }),
        client.invalidateQueries({ queryKey: keys.clusterStatus(clusterId) }),
      ]),
  });
}
