'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { POLL } from './polling';
import type { LogLine } from './types';

const PAGE = 1000;
// A job writes a few thousand lines at most; keep the browser's copy bounded anyway.
const KEEP = 20_000;

/**
 * The job's log, read incrementally: each poll asks only for lines after the last one seen
 * and appends them to the cached list.
 */
export function useJobLogQuery(jobId: string, { isLive }: { isLive: boolean }) {
  return useQuery({
    queryKey: keys.jobLog(jobId),
    queryFn: async ({ client, queryKey }) => {
      let lines = client.getQueryData<LogLine[]>(queryKey) ?? [];
      for (let page = 0; page < 50; page++) {
        const after = lines.at(-1)?.seq ?? 0;
        const next = (
          await fetchJson<{ lines: LogLine[] }>(`/api/jobs/${encodeURIComponent(jobId)}/log?after=${after}`)
        ).lines;
        if (next.length) lines = [...lines, ...next].slice(-KEEP);
        if (next.length < PAGE) break;
      }
      return lines;
    },
    refetchInterval: isLive ? POLL.log : false,
    refetchIntervalInBackground: false,
    // The cached lines are the cursor: keep them across remounts instead of refetching from zero.
    staleTime: isLive ? 0 : Infinity,
  });
}
