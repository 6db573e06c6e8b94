import type { z } from 'zod';
import 'server-only';
import { getDb } from '@/lib/db/client';
import type { Principal, Role } from '@/lib/auth/roles';
import { UserError } from '@/lib/auth/users';
import { recordAudit } from '@/lib/audit/record';
import { actionOf } from '@/lib/audit/retention';
import type { ValidationIssue } from '@/lib/topology/schema';
import { JobConflictError } from '@/lib/db/repositories/jobs';
import { NotFoundError } from '@/lib/clusters/cluster-lookup';
import { TestRowError } from '@/lib/clusters/live';
import { DestructiveChangeError } from '@/lib/plan/destructive';
import { TransitionError } from '@/lib/plan/removal';
import { checkHost, identify, requireRole, checkSameOrigin, clientAddress } from './authenticate';
import { readJson, requireJsonContentType } from './body';
import { HttpError } from './http-error';

export { HttpError } from './http-error';
export { readJson } from './body';
export { cookieValue } from './authenticate';

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store' } });
}

export function errors(list: ValidationIssue[], status: number): Response {
  return json({ errors: list }, status);
}

/** The request's JSON checked against a schema, or a 422 with every problem and its path. */
export async function readBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(422, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return parsed.data;
}

/** What a handler adds to its audit row (never a secret). */
export interface AuditNote {
  /** Who, when there is no principal yet (the name a login tried). */
  actor?: string;
  clusterId?: string;
  node?: string;
  target?: string;
}

export interface RouteContext {
  /** Null only on public routes. */
  principal: Principal | null;
  client: string;
  audit: AuditNote;
}

type Handler<P> = (req: Request, params: P, ctx: RouteContext) => Promise<Response>;
/** Every route says who may call it: the least role, or public (login, setup, status, logout). */
export type RouteAccess = { role: Role } | { public: true };

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function toResponse(err: unknown, req: Request): Response {
  if (err instanceof HttpError) {
    const res = errors(err.issues, err.status);
    for (const [k, v] of Object.entries(err.headers)) res.headers.set(k, v);
    return res;
  }
  if (err instanceof UserError) return errors([{ path: err.path, message: err.message }], err.status);
  if (err instanceof JobConflictError) return json({ errors: [{ path: '', message: err.message }], activeJobId: err.activeJobId }, 409);
  if (err instanceof NotFoundError) return errors([{ path: '', message: err.message }], 404);
  if (err instanceof DestructiveChangeError) return json({ errors: [{ path: '', message: err.message }], destructive: err.destructive }, 409);
  if (err instanceof TransitionError) return errors([{ path: err.path, message: err.message }], 422);
  if (err instanceof TestRowError) return errors([{ path: err.path, message: err.message }], err.status);
  // Only the root cause: a query error's own message lists the query's parameters, which may be secrets.
  const cause = (err as { cause?: unknown })?.cause ?? err;
  console.error('pgcascade: request failed', req.method, new URL(req.url).pathname, cause instanceof Error ? cause.message : 'unknown error');
  return errors([{ path: '', message: 'internal error: see the panel log' }], 500);
}

/**
 * Wrap a route: allowed Host, JSON-only writes, authentication and role (unless public), then map typed errors
 * to HTTP codes without leaking an internal error. Every write by someone known (and every login) is one audit row.
 */
export function route<P = Record<string, never>>(handler: Handler<P>, access: RouteAccess) {
  return async (req: Request, rctx: { params: Promise<P> }): Promise<Response> => {
    const params = await rctx.params;
    const ctx: RouteContext = { principal: null, client: clientAddress(req), audit: {} };
    let res: Response;
    try {
      checkHost(req);
      if ('role' in access) {
        ctx.principal = await identify(req);
        requireRole(ctx.principal, access.role);
      } else checkSameOrigin(req);
      requireJsonContentType(req);
      res = await handler(req, params, ctx);
    } catch (err) {
      res = toResponse(err, req);
    }
    if (!READS.has(req.method)) await audit(req, params, ctx, res.status);
    return res;
  };
}

async function audit<P>(req: Request, params: P, ctx: RouteContext, status: number): Promise<void> {
  const actor = ctx.principal?.name ?? ctx.audit.actor;
  // Anonymous writes that were refused are noise an attacker could flood the table with; logins are kept.
  if (!actor) return;
  const p = (params ?? {}) as Record<string, unknown>;
  const pathname = new URL(req.url).pathname;
  const isCluster = pathname.startsWith('/api/clusters/') && typeof p.id === 'string';
  try {
    await recordAudit(await getDb(), {
      actorKind: ctx.principal?.kind ?? 'anonymous',
      actor,
      clientAddress: ctx.client,
      action: actionOf(req.method, pathname, p),
      clusterId: ctx.audit.clusterId ?? (isCluster ? (p.id as string) : null),
      node: ctx.audit.node,
      target: ctx.audit.target ?? (!isCluster && typeof p.id === 'string' ? p.id : null),
      status,
    });
  } catch (err) {
    console.error('pgcascade: could not write the audit row', req.method, pathname, err instanceof Error ? err.message : 'unknown error');
  }
}
