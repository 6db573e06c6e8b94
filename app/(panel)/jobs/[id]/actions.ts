'use server';
import { z } from 'zod';
import { defineAction } from '@/lib/http/action';
import type { AuditNote } from '@/lib/http/audit-write';
import { parseInput } from '@/lib/http/respond';
import { cancelJob, retryJob } from '@/lib/jobs/job-control';

const jobId = z.string().min(1).max(100);
const jobArg = (id: unknown): AuditNote => (typeof id === 'string' ? { target: id } : {});

/** Cancel a job: at once when queued or failed, after the current command when running. */
export const cancelJobAction = defineAction('cancelJobAction', { role: 'operator', status: 202, note: jobArg }, async (_ctx, id: string) => {
  return cancelJob(parseInput(id, jobId));
});

/** Queue a failed job again; it resumes at the step that failed. */
export const retryJobAction = defineAction('retryJobAction', { role: 'operator', status: 202, note: jobArg }, async (_ctx, id: string) => {
  return retryJob(parseInput(id, jobId));
});
