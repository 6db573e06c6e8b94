import { getDb } from '@/lib/db/client';
import { SESSION_COOKIE, sessionPrincipal, setupRequired } from '@/lib/auth/auth';
import { presentAuthStatus } from '@/lib/auth/present';
import { cookieValue, json, route } from '@/lib/http/respond';

/** Whether the first admin must still be created, and who this browser is logged in as. */
export const GET = route(
  async (req) => {
    const db = await getDb();
    const p = await sessionPrincipal(db, cookieValue(req, SESSION_COOKIE));
    return json(presentAuthStatus(await setupRequired(db), p));
  },
  { public: true },
);
