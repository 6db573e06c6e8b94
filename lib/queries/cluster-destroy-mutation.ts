'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Queue the destruction of a cluster (stops and removes its PostgreSQL instances). */
export function useClusterDestroyMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      postJson<{ jobId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}`, undefined, 'DELETE'),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.clusters() }),
  });
}
