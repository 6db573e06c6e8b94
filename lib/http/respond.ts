import type { z } from 'zod';
import 'server-only';
import { getDb } from '@/lib/db/client';
import { adminConfigured, SESSION_COOKIE, sessionValid, tokenValid } from '@/lib/auth/auth';
import type { ValidationIssue } from '@/lib/topology/schema';
import { JobConflictError } from '@/lib/db/repositories/jobs';
import { NotFoundError } from '@/lib/clusters/cluster-lookup';
import { TestRowError } from '@/lib/clusters/live';
import { DestructiveChangeError } from '@/lib/plan/destructive';
import { TransitionError } from '@/lib/plan/removal';

const MAX_BODY_BYTES = 1_000_000;

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store' } });
}

export function errors(list: ValidationIssue[], status: number): Response {
  return json({ errors: list }, status);
}

/** A 4xx answer with the field path, thrown from anywhere inside a route. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly issues: ValidationIssue[],
  ) {
    super(issues.map((i) => i.message).join('; '));
  }
}

export async function readJson(req: Request, { optional = false } = {}): Promise<unknown> {
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, [{ path: '', message: `the body is larger than ${MAX_BODY_BYTES} bytes` }]);
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new HttpError(400, [{ path: '', message: 'the body is empty: send JSON' }]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, [{ path: '', message: 'the body is not valid JSON' }]);
  }
}

/** The request's JSON checked against a schema, or a 422 with every problem and its path. */
export async function readBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(422, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return parsed.data;
}

export function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/**
 * Who may call the API: a bearer token (PGCASCADE_API_TOKEN or one made in settings), or a browser session.
 * A session's writes must come from the panel's own pages: cross-site requests are refused.
 */
async function authenticate(req: Request): Promise<void> {
  const db = await getDb();
  const bearer = /^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  if (bearer) {
    if (await tokenValid(db, bearer)) return;
    throw new HttpError(401, [{ path: '', message: 'the API token is not valid: create one in Settings or set PGCASCADE_API_TOKEN' }]);
  }
  if (await sessionValid(db, cookieValue(req, SESSION_COOKIE))) {
    if (req.method === 'GET' || req.method === 'HEAD') return;
    const origin = req.headers.get('origin');
    const site = req.headers.get('sec-fetch-site');
    const host = req.headers.get('host');
    if (site === 'cross-site' || (origin && host && new URL(origin).host !== host)) {
      throw new HttpError(403, [{ path: '', message: 'cross-site request refused: use the panel itself or an API token' }]);
    }
    return;
  }
  const setup = !(await adminConfigured(db));
  throw new HttpError(401, [{ path: '', message: setup ? 'create the admin password first (open the panel in a browser)' : 'log in first, or send Authorization: Bearer <token>' }]);
}

type Handler<P> = (req: Request, params: P) => Promise<Response>;

/** Wrap a route: authentication (unless public), then map typed errors to HTTP codes; never leak an internal error. */
export function route<P = Record<string, never>>(handler: Handler<P>, options: { public?: boolean } = {}) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      if (!options.public) await authenticate(req);
      return await handler(req, await ctx.params);
    } catch (err) {
      if (err instanceof HttpError) return errors(err.issues, err.status);
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
  };
}
