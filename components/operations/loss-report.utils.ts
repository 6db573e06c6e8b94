import type { JobKind, JobStep, LossCheckResult, StepStatus, TableResync } from '@/lib/queries/types';

export const isTakeoverJob = (kind: JobKind) => kind === 'failover' || kind === 'switchover';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStringOrNull = (v: unknown) => v === null || typeof v === 'string';

function isTableResync(v: unknown): v is TableResync {
  return (
    isRecord(v) &&
    typeof v.table === 'string' &&
    typeof v.missing === 'number' &&
    typeof v.changed === 'number' &&
    typeof v.removed === 'number' &&
    Array.isArray(v.keys) &&
    v.keys.every((k) => typeof k === 'string')
  );
}

/** Whether a step's result has the shape a `check-loss` step reports (anything else is not shown). */
export function isLossCheckResult(v: unknown): v is LossCheckResult {
  return (
    isRecord(v) &&
    typeof v.subscription === 'string' &&
    typeof v.publisher === 'string' &&
    typeof v.slot === 'string' &&
    isStringOrNull(v.confirmedByOld) &&
    isStringOrNull(v.replayedByNew) &&
    (v.behindBytes === null || typeof v.behindBytes === 'number') &&
    typeof v.fencedCleanly === 'boolean' &&
    typeof v.lost === 'boolean' &&
    typeof v.action === 'string' &&
    Array.isArray(v.tables) &&
    v.tables.every(isTableResync)
  );
}

export interface LossCheck {
  stepId: string;
  /** The promoted node. */
  node: string;
  subscription: string;
  status: StepStatus;
  /** null until the step has reported. */
  result: LossCheckResult | null;
}

/** The job's loss checks, one per subscription of the promoted node, in step order. */
export function lossChecks(steps: ReadonlyArray<Pick<JobStep, 'id' | 'node' | 'kind' | 'status' | 'result'>>): LossCheck[] {
  return steps
    .filter((s) => s.kind === 'check-loss')
    .map((s) => {
      const result = isLossCheckResult(s.result) ? s.result : null;
      return {
        stepId: s.id,
        node: s.node,
        // Step ids are `<node>/check-loss/<subscription>`.
        subscription: result?.subscription ?? s.id.split('/').slice(2).join('/'),
        status: s.status,
        result,
      };
    });
}

export const rowsTouched = (t: Pick<TableResync, 'missing' | 'changed' | 'removed'>) =>
  t.missing + t.changed + t.removed;

/** One line for a subscription's outcome: "no loss — took over slot X", or how many rows were re-copied. */
export function lossSummary(r: LossCheckResult): string {
  const touched = r.tables.filter((t) => rowsTouched(t) > 0);
  if (!r.lost || touched.length === 0) return `no loss — ${r.action}`;
  const copied = touched.reduce((n, t) => n + t.missing + t.changed, 0);
  const removed = touched.reduce((n, t) => n + t.removed, 0);
  const parts = [`${copied} row${copied === 1 ? '' : 's'} re-copied`];
  if (removed > 0) parts.push(`${removed} removed`);
  return `${parts.join(', ')} in ${touched.length} table${touched.length === 1 ? '' : 's'} — ${r.action}`;
}

/** What a loss check that has not reported says, by its step's status. */
export function pendingLossText(status: StepStatus): string {
  switch (status) {
    case 'running':
      return 'checking…';
    case 'failed':
      return 'the check failed: see the failed step';
    case 'skipped':
      return 'skipped';
    case 'changed':
    case 'unchanged':
      return 'finished without a report';
    default:
      return 'not run yet';
  }
}
