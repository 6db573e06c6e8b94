'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Cancel a job: at once when queued or failed, after the current command when running. */
export function useJobCancelMutation<T>(jobId: string, cancel: ServerAction<[id: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => cancel(jobId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(jobId) }),
  });
}
