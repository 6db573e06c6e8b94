import { getDb } from '@/lib/db/client';
import { getJob, requeueFailed } from '@/lib/db/repositories/jobs';
import { pokeRunner } from '@/lib/jobs/start';
import { HttpError, json, route } from '@/lib/http/respond';

/** Queue a failed job again: it resumes at the step that failed. */
export const POST = route<{ id: string }>(async (_req, { id }) => {
  const db = await getDb();
  const job = await getJob(db, id);
  if (!job) throw new HttpError(404, [{ path: '', message: `job ${id} not found` }]);
  if (job.status !== 'failed') throw new HttpError(409, [{ path: '', message: `only a failed job can be retried; this one is ${job.status}` }]);
  await requeueFailed(db, id);
  pokeRunner();
  return json({ jobId: id, status: 'queued' }, 202);
}, { role: 'operator' });
