import type { z } from 'zod';
import 'server-only';
import type { Principal, Role } from '@/lib/auth/roles';
import { actionOf } from '@/lib/audit/retention';
import type { ValidationIssue } from '@/lib/topology/schema';
import { checkHost, identify, requireRole, checkSameOrigin, clientAddress } from './authenticate';
import { readJson, requireJsonContentType } from './body';
import { errorAnswer } from './error-answer';
import { writeAudit, type AuditNote } from './audit-write';
import { HttpError } from './http-error';

export { HttpError } from './http-error';
export { readJson } from './body';
export { cookieValue } from './authenticate';
export type { AuditNote } from './audit-write';

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store' } });
}

export function errors(list: ValidationIssue[], status: number): Response {
  return json({ errors: list }, status);
}

/** A value checked against a schema, or a 422 with every problem and its path. */
export function parseInput<T>(value: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(422, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return parsed.data;
}

/** The request's JSON checked against a schema, or a 422 with every problem and its path. */
export async function readBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  return parseInput(await readJson(req), schema);
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
  const answer = errorAnswer(err, `${req.method} ${new URL(req.url).pathname}`);
  const res = json(answer.body, answer.status);
  for (const [k, v] of Object.entries(answer.headers)) res.headers.set(k, v);
  return res;
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
  const p = (params ?? {}) as Record<string, unknown>;
  const pathname = new URL(req.url).pathname;
  const isCluster = pathname.startsWith('/api/clusters/') && typeof p.id === 'string';
  await writeAudit({
    principal: ctx.principal,
    client: ctx.client,
    action: actionOf(req.method, pathname, p),
    note: ctx.audit,
    clusterId: isCluster ? (p.id as string) : null,
    target: !isCluster && typeof p.id === 'string' ? p.id : null,
    status,
  });
}
