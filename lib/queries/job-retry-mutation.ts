'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { retryJobAction } from '@/app/(panel)/jobs/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';

/** Queue a failed job again; it resumes at the step that failed. */
export function useJobRetryMutation(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => retryJobAction(jobId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(jobId) }),
  });
}
