import 'server-only';
import { z } from 'zod';
import { createSession, endSession, sessionPrincipal } from '@/lib/auth/auth';
import { loginLimiter } from '@/lib/auth/login-limiter';
import { passwordSchema } from '@/lib/auth/user-input';
import { updateUser, verifyLogin } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import type { CommandContext } from './cluster-commands';
import { HttpError } from './http-error';
import { parseInput } from './respond';

// One's own session and password, as the JSON routes (app/api/auth/logout, password) and the header's and settings
// page's server actions both run them. Each returns what the session cookie must become; the caller sets it.

const passwordChange = z.strictObject({ currentPassword: z.string().min(1, 'enter your current password').max(1000), newPassword: passwordSchema });

/**
 * `{ currentPassword, newPassword }` of the logged-in user, rate-limited like a login: every other session of theirs
 * ends, and this browser gets a fresh session (the answer is its id).
 */
export async function changeOwnPasswordCommand(input: unknown, ctx: CommandContext, client: string): Promise<{ session: string }> {
  const p = ctx.principal;
  if (p?.kind !== 'user') throw new HttpError(422, [{ path: '', message: 'an API token has no password: log in as the user' }]);
  const limiter = loginLimiter();
  const decision = limiter.check(client);
  if (!decision.ok) throw new HttpError(429, [{ path: '', message: `${decision.message} (${decision.retryAfterSeconds} s)` }], { 'retry-after': String(decision.retryAfterSeconds) });
  const change = parseInput(input, passwordChange);
  const db = await getDb();
  limiter.begin();
  const ok = await verifyLogin(db, p.name, change.currentPassword).finally(() => limiter.end());
  if (!ok) {
    limiter.failure(client);
    throw new HttpError(422, [{ path: 'currentPassword', message: 'wrong password' }]);
  }
  await updateUser(db, p.id, { password: change.newPassword });
  ctx.audit.target = `user:${p.name} password`;
  return { session: await createSession(db, p.id) };
}

/** End the session `id` names (the cookie's); unknown or already ended is fine. */
export async function logoutCommand(id: string | undefined, ctx: CommandContext): Promise<void> {
  const db = await getDb();
  ctx.audit.actor = (await sessionPrincipal(db, id))?.name;
  await endSession(db, id);
}
