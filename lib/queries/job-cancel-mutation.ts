'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postJson } from './fetch-json';
import { keys } from './keys';

/** Cancel a job: at once when queued or failed, after the current command when running. */
export function useJobCancelMutation(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      postJson<{ jobId: string; status: string }>(`/api/jobs/${encodeURIComponent(jobId)}/cancel`),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(jobId) }),
  });
}
