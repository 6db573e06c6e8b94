import type { DestructiveStep } from '@/lib/plan/destructive';
import type { ValidationIssue } from '@/lib/topology/schema';

/** What a refusal says, whether a route answers it as JSON or a server action returns it. */
export interface ErrorBody {
  errors: ValidationIssue[];
  /** 409 while another job runs: that job. */
  activeJobId?: string | null;
  /** 409 of an unconfirmed apply or reconcile: the steps that need a confirmation. */
  destructive?: DestructiveStep[];
}

/**
 * A server action's answer. Next hides a thrown error's message from the browser in production, so a refusal is
 * returned, with the status and body the JSON API would have answered (401, 403, 404, 409, 422…).
 */
export type ActionResult<T> = { ok: true; data: T } | ({ ok: false; status: number } & ErrorBody);
