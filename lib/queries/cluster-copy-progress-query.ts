'use client';
import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Json } from '@/lib/http/json';
import type { SubscriptionCopy } from '@/lib/monitor/copy-progress';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';

export type { SubscriptionCopy };

/**
 * Each subscription's initial copy per table; re-read every second while `live` (a job runs) and the tab is visible,
 * and once more when the job ends, so the last copy finished in its final second shows as done.
 */
export function useClusterCopyProgressQuery(clusterId: string, { live }: { live: boolean }) {
  const query = useQuery({
    queryKey: keys.clusterCopyProgress(clusterId),
    queryFn: async ({ signal }) => (await fetchJson<{ subscriptions: Json<SubscriptionCopy>[] }>(`/api/clusters/${encodeURIComponent(clusterId)}/copy-progress`, { signal })).subscriptions,
    refetchInterval: live ? POLL.copyProgress : false,
    refetchIntervalInBackground: false,
  });
  const wasLive = useRef(live);
  const { refetch } = query;
  useEffect(() => {
    if (wasLive.current && !live) void refetch();
    wasLive.current = live;
  }, [live, refetch]);
  return query;
}
