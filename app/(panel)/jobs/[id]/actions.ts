'use server';
import { z } from 'zod';
import { defineAction } from '@/lib/http/action';
import { parseInput } from '@/lib/http/respond';
import { cancelJob, retryJob } from '@/lib/jobs/job-control';

const jobId = z.string().min(1).max(100);

/** Cancel a job: at once when queued or failed, after the current command when running. */
export const cancelJobAction = defineAction('cancelJob', { role: 'operator', status: 202 }, async (ctx, id: string) => {
  ctx.audit.target = parseInput(id, jobId);
  return cancelJob(id);
});

/** Queue a failed job again; it resumes at the step that failed. */
export const retryJobAction = defineAction('retryJob', { role: 'operator', status: 202 }, async (ctx, id: string) => {
  ctx.audit.target = parseInput(id, jobId);
  return retryJob(id);
});
