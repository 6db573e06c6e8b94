import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { checkAdminPassword, createSession } from '@/lib/auth/auth';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

const body = z.strictObject({ password: z.string().min(1, 'enter the password').max(1000) });

export const POST = route(
  async (req) => {
    const input = await readBody(req, body);
    const db = await getDb();
    if (!(await checkAdminPassword(db, input.password))) {
      await new Promise((r) => setTimeout(r, 400)); // slows guessing
      throw new HttpError(401, [{ path: 'password', message: 'wrong password' }]);
    }
    const res = json({ ok: true });
    res.headers.append('set-cookie', sessionCookie(req, await createSession(db)));
    return res;
  },
  { public: true },
);
