'use server';
import { cookies } from 'next/headers';
import { SESSION_COOKIE } from '@/lib/auth/auth';
import { defineAction } from '@/lib/http/action';
import { logoutCommand } from '@/lib/http/account-commands';
import { setSessionCookie } from '@/lib/http/session-cookie';

// What every panel page can do from its header: the command its JSON route (app/api/auth/logout) runs.

/** End this browser's session and clear its cookie. */
export const logoutAction = defineAction('logoutAction', { role: 'viewer' }, async (ctx) => {
  await logoutCommand((await cookies()).get(SESSION_COOKIE)?.value, ctx);
  await setSessionCookie(null);
  return { ok: true as const };
});
