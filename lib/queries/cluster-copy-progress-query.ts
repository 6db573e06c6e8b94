'use client';
import { useQuery } from '@tanstack/react-query';
import type { Json } from '@/lib/http/json';
import type { SubscriptionCopy } from '@/lib/monitor/copy-progress';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';

export type { SubscriptionCopy };

/** Each subscription's initial copy per table; re-read every second while `live` (a job runs) and the tab is visible. */
export function useClusterCopyProgressQuery(clusterId: string, { live }: { live: boolean }) {
  return useQuery({
    queryKey: keys.clusterCopyProgress(clusterId),
    queryFn: async ({ signal }) => (await fetchJson<{ subscriptions: Json<SubscriptionCopy>[] }>(`/api/clusters/${encodeURIComponent(clusterId)}/copy-progress`, { signal })).subscriptions,
    refetchInterval: live ? POLL.copyProgress : false,
    refetchIntervalInBackground: false,
  });
}
