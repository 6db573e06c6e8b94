import { getDb } from '@/lib/db/client';
import { deleteApiToken } from '@/lib/auth/auth';
import { HttpError, json, route } from '@/lib/http/respond';

export const DELETE = route<{ id: string }>(
  async (_req, { id }, ctx) => {
    const name = await deleteApiToken(await getDb(), id);
    if (name === null) throw new HttpError(404, [{ path: '', message: `token ${id} not found` }]);
    ctx.audit.target = `token:${name}`;
    return json({ ok: true });
  },
  { role: 'admin' },
);
