import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createSession } from '@/lib/auth/auth';
import { loginLimiter } from '@/lib/auth/login-limiter';
import { FIRST_ADMIN, verifyLogin } from '@/lib/auth/users';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

const body = z.strictObject({
  username: z.string().trim().min(1, 'enter the user name').max(100).optional(),
  password: z.string().min(1, 'enter the password').max(1000),
});

/** Log in (`username` defaults to admin); 429 with Retry-After when this address or the panel failed too often. */
export const POST = route(
  async (req, _params, ctx) => {
    const limiter = loginLimiter();
    const decision = limiter.check(ctx.client);
    if (!decision.ok) {
      throw new HttpError(429, [{ path: '', message: `${decision.message} (${decision.retryAfterSeconds} s)` }], { 'retry-after': String(decision.retryAfterSeconds) });
    }
    const input = await readBody(req, body);
    const name = input.username ?? FIRST_ADMIN;
    ctx.audit.actor = name;
    const db = await getDb();
    limiter.begin();
    const user = await verifyLogin(db, name, input.password).finally(() => limiter.end());
    if (!user) {
      limiter.failure(ctx.client);
      throw new HttpError(401, [{ path: 'password', message: 'wrong password (or user name)' }]);
    }
    limiter.success(ctx.client);
    const res = json({ ok: true, user: { name: user.name, role: user.role } });
    res.headers.append('set-cookie', sessionCookie(req, await createSession(db, user.id)));
    return res;
  },
  { public: true },
);
