'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { NodeRows } from './types';
import { observeRows, type RowObservations } from './rows.utils';

/**
 * The latest rows of one table on every node, polled every 700 ms. Each poll also records when a row id
 * was first seen on each node, which is what the arrival times are computed from.
 */
export function useRowsQuery(
  clusterId: string,
  table: string,
  { enabled = true }: { enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: keys.rows(clusterId, table),
    queryFn: async ({ client, queryKey, signal }): Promise<RowObservations> => {
      const res = await fetchJson<{ nodes: Record<string, NodeRows> }>(
        `/api/clusters/${encodeURIComponent(clusterId)}/rows?table=${encodeURIComponent(table)}&limit=50`,
        { signal },
      );
      return observeRows(client.getQueryData<RowObservations>(queryKey), res.nodes, Date.now());
    },
    enabled,
    refetchInterval: POLL.rows,
    refetchIntervalInBackground: false,
    // Observations are accumulated in the cache; never drop them while the page is open.
    gcTime: Infinity,
  });
}
