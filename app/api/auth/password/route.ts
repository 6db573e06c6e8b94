import { changeOwnPasswordCommand } from '@/lib/http/account-commands';
import { readJson } from '@/lib/http/body';
import { json, route } from '@/lib/http/respond';
import { sessionCookie } from '@/lib/http/session-cookie';

/** A logged-in user changes their own password: every other session of theirs ends, this one gets a fresh cookie. */
export const POST = route(
  async (req, _params, ctx) => {
    const { session } = await changeOwnPasswordCommand(await readJson(req), ctx, ctx.client);
    const res = json({ ok: true });
    res.headers.append('set-cookie', sessionCookie(req, session));
    return res;
  },
  { role: 'viewer' },
);
