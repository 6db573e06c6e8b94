'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { updateMonitoringAction } from '@/app/(panel)/clusters/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';
import type { MonitoringUpdate } from './types';

/** Change some monitoring settings; the answer is the full settings, which replace the cached ones. 422 names each field. */
export function useClusterMonitoringUpdateMutation(clusterId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: MonitoringUpdate) => callAction(() => updateMonitoringAction(clusterId, update)),
    onSuccess: (settings) => client.setQueryData(keys.clusterMonitoring(clusterId), settings),
  });
}
