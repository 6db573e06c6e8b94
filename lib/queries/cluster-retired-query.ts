'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { RetiredNode } from './types';

/** Nodes that left the cluster in a takeover and can come back as a standby (GET /api/clusters/:id/rebuild). */
export function useClusterRetiredQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterRetired(clusterId),
    queryFn: ({ signal }) =>
      fetchJson<{ retired: RetiredNode[] }>(`/api/clusters/${encodeURIComponent(clusterId)}/rebuild`, {
        signal,
      }),
    enabled,
  });
}
