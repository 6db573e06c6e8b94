import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import type { ValidationIssue } from '@/lib/topology/schema';
import { JobConflictError } from '@/lib/db/repositories/jobs';
import { NotFoundError } from '@/lib/clusters/service';
import { TestRowError } from '@/lib/clusters/live';

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

function tokenMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

type Handler<P> = (req: Request, params: P) => Promise<Response>;

/** Wrap a route: API token check, then map typed errors to HTTP codes; never leak an internal error. */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    const token = process.env.PGCASCADE_API_TOKEN;
    if (token && !tokenMatches(req.headers.get('authorization'), token)) {
      return errors([{ path: '', message: 'missing or wrong API token: send Authorization: Bearer <token>' }], 401);
    }
    try {
      return await handler(req, await ctx.params);
    } catch (err) {
      if (err instanceof HttpError) return errors(err.issues, err.status);
      if (err instanceof JobConflictError) return json({ errors: [{ path: '', message: err.message }], activeJobId: err.activeJobId }, 409);
      if (err instanceof NotFoundError) return errors([{ path: '', message: err.message }], 404);
      if (err instanceof TestRowError) return errors([{ path: err.path, message: err.message }], err.status);
      // Only the root cause: a query error's own message lists the query's parameters, which may be secrets.
      const cause = (err as { cause?: unknown })?.cause ?? err;
      console.error('pgcascade: request failed', req.method, new URL(req.url).pathname, cause instanceof Error ? cause.message : 'unknown error');
      return errors([{ path: '', message: 'internal error: see the panel log' }], 500);
    }
  };
}
