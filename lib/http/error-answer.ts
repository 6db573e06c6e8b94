import 'server-only';
import { UserError } from '@/lib/auth/users';
import { JobConflictError } from '@/lib/db/repositories/jobs';
import { NotFoundError } from '@/lib/clusters/cluster-lookup';
import { TestRowError } from '@/lib/clusters/live';
import { JobStateError } from '@/lib/jobs/job-control';
import { DestructiveChangeError } from '@/lib/plan/destructive';
import { TransitionError } from '@/lib/plan/removal';
import { HttpError } from './http-error';
import type { ErrorBody } from './action-result';

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

const one = (status: number, path: string, message: string): ErrorAnswer => ({ status, body: { errors: [{ path, message }] }, headers: {} });

/**
 * A typed error as an HTTP status and its body; anything else is a 500 that says only "see the panel log" (and the
 * log gets the root cause, never a query's parameters). `where` names the request in that log line.
 */
export function errorAnswer(err: unknown, where: string): ErrorAnswer {
  if (err instanceof HttpError) return { status: err.status, body: { errors: err.issues }, headers: err.headers };
  if (err instanceof UserError) return one(err.status, err.path, err.message);
  if (err instanceof JobConflictError) return { status: 409, body: { errors: [{ path: '', message: err.message }], activeJobId: err.activeJobId }, headers: {} };
  if (err instanceof NotFoundError) return one(404, '', err.message);
  if (err instanceof JobStateError) return one(err.status, '', err.message);
  if (err instanceof DestructiveChangeError) return { status: 409, body: { errors: [{ path: '', message: err.message }], destructive: err.destructive }, headers: {} };
  if (err instanceof TransitionError) return one(422, err.path, err.message);
  if (err instanceof TestRowError) return one(err.status, err.path, err.message);
  // Only the root cause: a query error's own message lists the query's parameters, which may be secrets.
  const cause = (err as { cause?: unknown })?.cause ?? err;
  console.error('pgcascade: request failed', where, cause instanceof Error ? cause.message : 'unknown error');
  return one(500, '', 'internal error: see the panel log');
}
