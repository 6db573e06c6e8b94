import { getDb } from '@/lib/db/client';
import { deleteApiToken } from '@/lib/auth/auth';
import { HttpError, json, route } from '@/lib/http/respond';

export const DELETE = route<{ id: string }>(async (_req, { id }) => {
  if (!(await deleteApiToken(await getDb(), id))) throw new HttpError(404, [{ path: '', message: `token ${id} not found` }]);
  return json({ ok: true });
});
