import { getDb } from '@/lib/db/client';
import { endSession, SESSION_COOKIE } from '@/lib/auth/auth';
import { cookieValue, json, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

export const POST = route(
  async (req) => {
    await endSession(await getDb(), cookieValue(req, SESSION_COOKIE));
    const res = json({ ok: true });
    res.headers.append('set-cookie', sessionCookie(req, null));
    return res;
  },
  { public: true },
);
