import { SESSION_COOKIE } from '@/lib/auth/auth';
import { logoutCommand } from '@/lib/http/account-commands';
import { cookieValue, json, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

export const POST = route(
  async (req, _params, ctx) => {
    await logoutCommand(cookieValue(req, SESSION_COOKIE), ctx);
    const res = json({ ok: true });
    res.headers.append('set-cookie', sessionCookie(req, null));
    return res;
  },
  { public: true },
);
