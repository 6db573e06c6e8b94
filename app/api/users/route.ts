import { getDb } from '@/lib/db/client';
import { listUsers } from '@/lib/auth/users';
import { json, readJson, route } from '@/lib/http/respond';
import { createUserCommand } from '@/lib/http/settings-commands';

/** The panel's users and their roles (never a password hash). */
export const GET = route(async () => json({ users: await listUsers(await getDb()) }), { role: 'admin' });

/** `{ name, role, password }` → 201 the new user; 409 when the name is taken. */
export const POST = route(async (req, _params, ctx) => json(await createUserCommand(await readJson(req), ctx), 201), { role: 'admin' });
