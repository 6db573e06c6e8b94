'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { SubscriptionActionInput } from './types';

/** Skip a subscription's failing transaction, or disable / enable it; diagnoses and live status are read again after. */
export function useSubscriptionActionMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SubscriptionActionInput) =>
      postJson<{ ok: true; message: string }>(
        `/api/clusters/${encodeURIComponent(clusterId)}/subscription-actions`,
        input,
      ),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: keys.clusterDiagnoses(clusterId) }),
        client.invalidateQueries({ queryKey: keys.clusterStatus(clusterId) }),
      ]),
  });
}
