import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createSession, MIN_PASSWORD_LENGTH, setupAdminPassword } from '@/lib/auth/auth';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

const body = z.strictObject({ password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(1000) });

/** First visit: create the admin password and log in. Refused once a password exists. */
export const POST = route(
  async (req) => {
    const input = await readBody(req, body);
    const db = await getDb();
    if (!(await setupAdminPassword(db, input.password))) throw new HttpError(409, [{ path: '', message: 'the admin password exists already: log in' }]);
    const res = json({ ok: true }, 201);
    res.headers.append('set-cookie', sessionCookie(req, await createSession(db)));
    return res;
  },
  { public: true },
);
