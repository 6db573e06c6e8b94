import { getDb } from '@/lib/db/client';
import { deleteUser, updateUser } from '@/lib/auth/users';
import { userChangeSchema } from '@/lib/auth/user-input';
import { json, readBody, route } from '@/lib/http/respond';

/** `{ role?, password? }`: a new password ends every session of that user. Never leaves the panel without an admin. */
export const PATCH = route<{ id: string }>(
  async (req, { id }, ctx) => {
    const change = await readBody(req, userChangeSchema);
    const user = await updateUser(await getDb(), id, change);
    ctx.audit.target = `user:${user.name}${change.role ? ` role=${change.role}` : ''}${change.password ? ' password' : ''}`;
    return json(user);
  },
  { role: 'admin' },
);

/** Remove a user: its sessions end at once. */
export const DELETE = route<{ id: string }>(
  async (_req, { id }, ctx) => {
    ctx.audit.target = `user:${await deleteUser(await getDb(), id)}`;
    return json({ ok: true });
  },
  { role: 'admin' },
);
