'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import type { ClusterNotifications } from './notifications-types';
import { POLL } from './polling';

/** The cluster's notification channels and its delivery log (re-read every few seconds: retries move on). */
export function useClusterNotificationsQuery(clusterId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.clusterNotifications(clusterId),
    queryFn: ({ signal }) =>
      fetchJson<ClusterNotifications>(`/api/clusters/${encodeURIComponent(clusterId)}/notifications`, { signal }),
    refetchInterval: POLL.notifications,
    enabled,
  });
}
