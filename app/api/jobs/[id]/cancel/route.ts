import { getDb } from '@/lib/db/client';
import { requestCancel } from '@/lib/db/repositories/jobs';
import { HttpError, json, route } from '@/lib/http/respond';

/** Cancel a queued or failed job at once; a running one stops after its current command. */
export const POST = route<{ id: string }>(async (_req, { id }) => {
  const status = await requestCancel(await getDb(), id);
  if (!status) throw new HttpError(404, [{ path: '', message: `job ${id} not found` }]);
  if (status === 'succeeded' || status === 'cancelled') throw new HttpError(409, [{ path: '', message: `the job already ended (${status})` }]);
  return json({ jobId: id, status: status === 'running' ? 'cancelling' : 'cancelled' }, 202);
}, { role: 'operator' });
