import 'server-only';
import { headers } from 'next/headers';
import type { Role } from '@/lib/auth/roles';
import { checkHost, clientAddress, identify, requireRole, type RequestLike } from './authenticate';
import { writeAudit, type AuditNote } from './audit-write';
import type { CommandContext } from './cluster-commands';
import { errorAnswer } from './error-answer';
import type { ActionResult } from './action-result';
import type { Json } from './json';

/** Who may call a server action (the least role; an action always needs one), and the status its success records. */
export interface ActionAccess {
  role: Role;
  /** What the JSON API answers on success (201, 202): the audit row says the same. Default 200. */
  status?: number;
  /** What the audit row names from the first argument, even when the call is refused before it runs (as a route's URL does). */
  note?: (firstArg: unknown) => AuditNote;
}

/** The audit note of an action whose first argument is its cluster's id (untrusted: only a string counts). */
export const clusterArg = (id: unknown): AuditNote => (typeof id === 'string' ? { clusterId: id } : {});

/**
 * Declare a server action the way `route()` declares a handler: allowed Host, a session (or a token) with a
 * same-origin request, at least `access.role`; typed errors become the refusal the API would answer; one audit
 * row (`ACTION <name>`) per call by someone known. The result is plain JSON (dates as strings), like the API's.
 */
export function defineAction<A extends unknown[], R>(name: string, access: ActionAccess, fn: (ctx: CommandContext, ...args: A) => Promise<R>) {
  return async (...args: A): Promise<ActionResult<Json<R>>> => {
    // A server action is always a POST; Next has already compared its Origin with its Host.
    const req: RequestLike = { headers: await headers(), method: 'POST' };
    const ctx: CommandContext = { principal: null, audit: { ...access.note?.(args[0]) } };
    let result: ActionResult<Json<R>>;
    let status = access.status ?? 200;
    try {
      checkHost(req);
      ctx.principal = await identify(req);
      requireRole(ctx.principal, access.role);
      const data = await fn(ctx, ...args);
      result = { ok: true, data: (data === undefined ? null : JSON.parse(JSON.stringify(data))) as Json<R> };
    } catch (err) {
      const answer = errorAnswer(err, `ACTION ${name}`);
      status = answer.status;
      result = { ok: false, status, ...answer.body };
    }
    await writeAudit({ principal: ctx.principal, client: clientAddress(req), action: `ACTION ${name}`, note: ctx.audit, status });
    return result;
  };
}
