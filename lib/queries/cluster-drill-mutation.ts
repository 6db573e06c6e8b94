'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Run a restore drill now. */
export function useClusterDrillMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/drills`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cluster(clusterId) }),
  });
}
