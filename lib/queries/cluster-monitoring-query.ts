'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { MonitoringSettings } from './types';

/** The cluster's sampling interval and alert thresholds (defaults filled in by the server). */
export function useClusterMonitoringQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterMonitoring(clusterId),
    queryFn: ({ signal }) =>
      fetchJson<MonitoringSettings>(`/api/clusters/${encodeURIComponent(clusterId)}/monitoring`, { signal }),
    enabled,
  });
}
