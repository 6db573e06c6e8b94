'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAction, type ServerAction } from './call-action';
import { keys } from './keys';

/** Queue a failed job again; it resumes at the step that failed. */
export function useJobRetryMutation<T>(jobId: string, retry: ServerAction<[id: string], T>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => callAction(() => retry(jobId)),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.job(jobId) }),
  });
}
