import { getDb } from '@/lib/db/client';
import { deleteCredential } from '@/lib/db/repositories/credentials';
import { HttpError, json, route } from '@/lib/http/respond';

export const DELETE = route<{ id: string }>(async (_req, { id }) => {
  if (!(await deleteCredential(await getDb(), id))) throw new HttpError(404, [{ path: '', message: `credential ${id} not found` }]);
  return json({ ok: true });
}, { role: 'admin' });
