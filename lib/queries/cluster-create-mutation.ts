'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { TopologyBody } from './types';

/** Save a new cluster and queue its first apply. */
export function useClusterCreateMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (topology: TopologyBody) =>
      postJson<{ id: string; jobId: string }>('/api/clusters', topology),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
