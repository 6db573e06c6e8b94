import 'server-only';
import { getDb } from '@/lib/db/client';
import { getJob, requestCancel, requeueFailed } from '@/lib/db/repositories/jobs';
import { pokeRunner } from './start';

/** A job that is not there (404), or not in a state that allows what was asked (409). */
export class JobStateError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'JobStateError';
  }
}

/** Cancel a queued or failed job at once; a running one stops after its current command. */
export async function cancelJob(id: string): Promise<{ jobId: string; status: 'cancelling' | 'cancelled' }> {
  const status = await requestCancel(await getDb(), id);
  if (!status) throw new JobStateError(404, `job ${id} not found`);
  if (status === 'succeeded' || status === 'cancelled') throw new JobStateError(409, `the job already ended (${status})`);
  return { jobId: id, status: status === 'running' ? 'cancelling' : 'cancelled' };
}

/** Queue a failed job again: it resumes at the step that failed. */
export async function retryJob(id: string): Promise<{ jobId: string; status: 'queued' }> {
  const db = await getDb();
  const job = await getJob(db, id);
  if (!job) throw new JobStateError(404, `job ${id} not found`);
  if (job.status !== 'failed') throw new JobStateError(409, `only a failed job can be retried; this one is ${job.status}`);
  await requeueFailed(db, id);
  pokeRunner();
  return { jobId: id, status: 'queued' };
}
