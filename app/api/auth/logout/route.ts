import { getDb } from '@/lib/db/client';
import { endSession, SESSION_COOKIE, sessionPrincipal } from '@/lib/auth/auth';
import { cookieValue, json, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

export const POST = route(
  async (req, _params, ctx) => {
    const db = await getDb();
    const id = cookieValue(req, SESSION_COOKIE);
    ctx.audit.actor = (await sessionPrincipal(db, id))?.name;
    await endSession(db, id);
    const res = json({ ok: true });
    res.headers.append('set-cookie', sessionCookie(req, null));
    return res;
  },
  { public: true },
);
