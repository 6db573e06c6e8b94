import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createSession } from '@/lib/auth/auth';
import { loginLimiter } from '@/lib/auth/login-limiter';
import { passwordSchema } from '@/lib/auth/user-input';
import { updateUser, verifyLogin } from '@/lib/auth/users';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

const body = z.strictObject({ currentPassword: z.string().min(1, 'enter your current password').max(1000), newPassword: passwordSchema });

/** A logged-in user changes their own password: every other session of theirs ends, this one gets a fresh cookie. */
export const POST = route(
  async (req, _params, ctx) => {
    const p = ctx.principal!;
    if (p.kind !== 'user') throw new HttpError(422, [{ path: '', message: 'an API token has no password: log in as the user' }]);
    const limiter = loginLimiter();
    const decision = limiter.check(ctx.client);
    if (!decision.ok) throw new HttpError(429, [{ path: '', message: `${decision.message} (${decision.retryAfterSeconds} s)` }], { 'retry-after': String(decision.retryAfterSeconds) });
    const input = await readBody(req, body);
    const db = await getDb();
    limiter.begin();
    const ok = await verifyLogin(db, p.name, input.currentPassword).finally(() => limiter.end());
    if (!ok) {
      limiter.failure(ctx.client);
      throw new HttpError(422, [{ path: 'currentPassword', message: 'wrong password' }]);
    }
    await updateUser(db, p.id, { password: input.newPassword });
    ctx.audit.target = `user:${p.name} password`;
    const res = json({ ok: true });
    res.headers.append('set-cookie', sessionCookie(req, await createSession(db, p.id)));
    return res;
  },
  { role: 'viewer' },
);
