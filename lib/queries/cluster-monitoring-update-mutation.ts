'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';
import type { MonitoringSettings, MonitoringUpdate } from './types';

/** Change some monitoring settings; the answer is the full settings, which replace the cached ones. 422 names each field. */
export function useClusterMonitoringUpdateMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: MonitoringUpdate) =>
      postJson<MonitoringSettings>(`/api/clusters/${encodeURIComponent(clusterId)}/monitoring`, update, 'PUT'),
    onSuccess: (settings) => client.setQueryData(keys.clusterMonitoring(clusterId), settings),
  });
}
