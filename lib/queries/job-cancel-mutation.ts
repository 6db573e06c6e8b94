'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cancelJobAction } from '@/app/(panel)/jobs/[id]/actions';
import { callAction } from './call-action';
import { keys } from './keys';

/** Cancel a job: at once when queued or failed, after the current command when running. */
export function useJobCancelMutation(jobId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => cancelJobAction(jobId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(jobId) }),
  });
}
