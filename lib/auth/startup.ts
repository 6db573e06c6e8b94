import 'server-only';
import http from 'node:http';
import { getDb } from '@/lib/db/client';
import { setupRequired } from './auth';
import { ensureSetupToken } from './setup-token';
import { envAdminPasswordProblem, syncEnvAdmin } from './users';

const g = globalThis as unknown as { __pgcascadeClientAddress?: boolean };

/**
 * x-forwarded-for is what the panel reads as the client's address (rate limits, audit). Next only fills it in when
 * the client did not, so a client could name any address: unless PGCASCADE_TRUST_PROXY is set (a reverse proxy
 * in front sets these headers), they are replaced with what the socket says.
 */
function pinClientAddress(): void {
  if (g.__pgcascadeClientAddress || process.env.PGCASCADE_TRUST_PROXY) return;
  g.__pgcascadeClientAddress = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? 'unknown';
      delete req.headers['x-forwarded-host'];
      delete req.headers['x-forwarded-proto'];
    }
    return emit.apply(this, [event, ...args] as unknown as Parameters<typeof emit>);
  } as typeof emit;
}

/**
 * At start-up: refuse a PGCASCADE_ADMIN_PASSWORD that is too short (the process exits with the reason), make the
 * env admin, and while no admin exists print the one-time setup token the first visit needs.
 */
export async function prepareAccess(): Promise<void> {
  pinClientAddress();
  const problem = envAdminPasswordProblem();
  if (problem) {
    console.error(`pgcascade: cannot start: ${problem}`);
    process.exit(1);
  }
  const db = await getDb();
  await syncEnvAdmin(db);
  if (await setupRequired(db)) {
    const { token, file } = await ensureSetupToken();
    console.log(`pgcascade: no admin yet. Open the panel and create one with this setup token: ${token} (also in ${file}, readable by this user only)`);
  }
}
