'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Queue a failed job again; it resumes at the step that failed. */
export function useJobRetryMutation(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      postJson<{ jobId: string; status: string }>(`/api/jobs/${encodeURIComponent(jobId)}/retry`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(jobId) }),
  });
}
