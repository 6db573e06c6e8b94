import { HostError } from '@/lib/hosts/host-error';
import { SqlError } from '@/lib/postgres/sql-error';
import type { StepError } from '@/lib/db/repositories/jobs';

/** What the job page shows for a failed step: message, and for a command its text, exit code and stderr. Masked. */
export function toStepError(err: unknown, mask: (text: string) => string): StepError {
  if (err instanceof HostError) {
    return { message: mask(err.message), command: mask(err.command), exitCode: err.exitCode, stderr: mask(err.stderr).slice(-8000) };
  }
  if (err instanceof SqlError) {
    return { message: mask(err.message), command: mask(err.statement), node: err.node, database: err.database, sqlstate: err.sqlstate };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message: mask(message) };
}
