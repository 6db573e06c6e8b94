'use client';
import { useQuery } from '@tanstack/react-query';
import { fetchJson } from './fetch-json';
import { keys } from './keys';
import { isJobActive, POLL } from './polling';
import type { Job } from './types';

/** A job and its steps; polls every second until the job has ended. */
export function useJobQuery(id: string) {
  return useQuery({
    queryKey: keys.job(id),
    queryFn: () => fetchJson<Job>(`/api/jobs/${encodeURIComponent(id)}`),
    refetchInterval: (query) =>
      query.state.data && !isJobActive(query.state.data.status) ? false : POLL.job,
    refetchIntervalInBackground: false,
  });
}
