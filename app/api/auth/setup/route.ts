import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createSession, MIN_PASSWORD_LENGTH, setupAdminPassword } from '@/lib/auth/auth';
import { HttpError, json, readJson, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

const body = z.strictObject({ password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(1000) });

/** First visit: create the admin password and log in. Refused once a password exists. */
export const POST = route(
  async (req) => {
    const parsed = body.safeParse(await readJson(req));
    if (!parsed.success) throw new HttpError(422, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const db = await getDb();
    if (!(await setupAdminPassword(db, parsed.data.password))) throw new HttpError(409, [{ path: '', message: 'the admin password exists already: log in' }]);
    const res = json({ ok: true }, 201);
    res.headers.append('set-cookie', sessionCookie(req, await createSession(db)));
    return res;
  },
  { public: true },
);
