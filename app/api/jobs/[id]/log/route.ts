import { getDb } from '@/lib/db/client';
import { getJob, readLogs } from '@/lib/db/repositories/jobs';
import { HttpError, json, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(async (req, { id }) => {
  const after = Number(new URL(req.url).searchParams.get('after') ?? 0);
  if (!Number.isSafeInteger(after) || after < 0) throw new HttpError(422, [{ path: 'after', message: 'after must be a sequence number (0 or more)' }]);
  const db = await getDb();
  if (!(await getJob(db, id))) throw new HttpError(404, [{ path: '', message: `job ${id} not found` }]);
  return json({ lines: await readLogs(db, id, after) });
}, { role: 'viewer' });
