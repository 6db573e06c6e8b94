'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { isRollupWindow, MAX_POINTS, mergeMetrics, nextMetricsRequest, type MetricsData } from './metrics.utils';
import { POLL } from './polling';
import type { MetricsAnswer } from './types';

/**
 * Every time series of a cluster over the last `windowMs`, kept live: the first poll reads the whole window, the
 * next ones only the newest points, merged into the cached copy (see nextMetricsRequest).
 */
export function useClusterMetricsQuery(clusterId: string, windowMs: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterMetrics(clusterId, windowMs),
    queryFn: async ({ client, queryKey, signal }): Promise<MetricsData> => {
      const prev = client.getQueryData<MetricsData>(queryKey);
      const request = nextMetricsRequest(windowMs, Date.now(), prev);
      const answer = await fetchJson<MetricsAnswer>(
        `/api/clusters/${encodeURIComponent(clusterId)}/metrics?from=${request.from}&to=${request.to}&points=${MAX_POINTS}`,
        { signal },
      );
      return mergeMetrics(prev, answer.series, request, windowMs, Date.now());
    },
    enabled,
    refetchInterval: isRollupWindow(windowMs) ? POLL.rollupMetrics : POLL.metrics,
    refetchIntervalInBackground: false,
    // While another window loads, keep showing the one before rather than an empty chart.
    placeholderData: (previous) => previous,
  });
}
