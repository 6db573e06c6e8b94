import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createSession, setupRequired } from '@/lib/auth/auth';
import { loginLimiter } from '@/lib/auth/login-limiter';
import { removeSetupToken, setupTokenMatches } from '@/lib/auth/setup-token';
import { createFirstAdmin, FIRST_ADMIN, MIN_PASSWORD_LENGTH } from '@/lib/auth/users';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';
import { userNameSchema } from '@/lib/auth/user-input';

const body = z.strictObject({
  setupToken: z.string().trim().min(1, 'enter the setup token from the server log').max(200),
  username: userNameSchema.optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(1000),
});

/** First visit: with the one-time setup token, create the first admin and log in. Refused once any user exists. */
export const POST = route(
  async (req, _params, ctx) => {
    const db = await getDb();
    if (!(await setupRequired(db))) throw new HttpError(409, [{ path: '', message: 'the first admin exists already: log in' }]);
    const limiter = loginLimiter();
    const decision = limiter.check(ctx.client);
    if (!decision.ok) throw new HttpError(429, [{ path: '', message: `${decision.message} (${decision.retryAfterSeconds} s)` }], { 'retry-after': String(decision.retryAfterSeconds) });
    const input = await readBody(req, body);
    const name = input.username ?? FIRST_ADMIN;
    ctx.audit.actor = name;
    if (!(await setupTokenMatches(input.setupToken))) {
      limiter.failure(ctx.client);
      throw new HttpError(403, [{ path: 'setupToken', message: 'wrong setup token: the server printed it in its log when it started (also in the file setup-token in its data dir)' }]);
    }
    const user = await createFirstAdmin(db, name, input.password);
    if (!user) throw new HttpError(409, [{ path: '', message: 'the first admin exists already: log in' }]);
    await removeSetupToken();
    const res = json({ ok: true, user: { name, role: 'admin' } }, 201);
    res.headers.append('set-cookie', sessionCookie(req, await createSession(db, user.id)));
    return res;
  },
  { public: true },
);
