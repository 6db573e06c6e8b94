import type { ValidationIssue } from '@/lib/topology/schema';

/** A 4xx answer with the field path, thrown from anywhere inside a route. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly issues: ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((i) => i.message).join('; '));
  }
}
