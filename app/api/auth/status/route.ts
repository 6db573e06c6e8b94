import { getDb } from '@/lib/db/client';
import { adminConfigured, SESSION_COOKIE, sessionValid } from '@/lib/auth/auth';
import { cookieValue, json, route } from '@/lib/http/respond';

/** Whether the admin password must still be created, and whether this browser is logged in. */
export const GET = route(
  async (req) => {
    const db = await getDb();
    return json({ setupRequired: !(await adminConfigured(db)), authenticated: await sessionValid(db, cookieValue(req, SESSION_COOKIE)) });
  },
  { public: true },
);
