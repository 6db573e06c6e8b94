import { getDb } from '@/lib/db/client';
import { createUser, listUsers } from '@/lib/auth/users';
import { newUserSchema } from '@/lib/auth/user-input';
import { json, readBody, route } from '@/lib/http/respond';

/** The panel's users and their roles (never a password hash). */
export const GET = route(async () => json({ users: await listUsers(await getDb()) }), { role: 'admin' });

/** `{ name, role, password }` → 201 the new user; 409 when the name is taken. */
export const POST = route(
  async (req, _params, ctx) => {
    const input = await readBody(req, newUserSchema);
    ctx.audit.target = `user:${input.name}`;
    return json(await createUser(await getDb(), input.name, input.role, input.password), 201);
  },
  { role: 'admin' },
);
