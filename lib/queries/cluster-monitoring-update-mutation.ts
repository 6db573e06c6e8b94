'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';
import type { MonitoringSettings, MonitoringUpdate } from './types';

/** Change some monitoring settings; the answer is the full settings, which replace the cached ones. 422 names each field. */
export function useClusterMonitoringUpdateMutation(clusterId: string, update: ServerAction<[id: string, update: MonitoringUpdate], MonitoringSettings>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: MonitoringUpdate) => callAction(() => update(clusterId, change)),
    onSuccess: (settings) => client.setQueryData(keys.clusterMonitoring(clusterId), settings),
  });
}
