import type { Step } from '@/lib/plan/types';
import { PreflightError } from './step-context';

/** How many leading steps are pre-flight checks (kind `check-…` before any changing step). */
export function preflightLength(steps: Step[]): number {
  const first = steps.findIndex((s) => !s.kind.startsWith('check-'));
  return first === -1 ? steps.length : first;
}

/** The job's error for one failed step: where, which step, and its message (which carries the fix). */
export function stepFailure(step: Step, message: string): string {
  return `${step.node === '*' ? 'pre-flight' : step.node}: "${step.summary}" failed: ${message}`;
}

/**
 * The pre-flight steps of a job run to the end even when some fail, so every problem is reported at once; the job
 * then stops before its first changing step. A check that could not run on its host at all (connection, login,
 * sudo) leaves that node's later checks unrun: they would fail the same way, each after its own timeout.
 */
export class PreflightPhase {
  readonly end: number;
  private readonly problems: string[] = [];
  /** Node → the check that could not run there. */
  private readonly unreachable = new Map<string, string>();

  constructor(steps: Step[]) {
    this.end = preflightLength(steps);
  }

  /** Why this step is not run, or null to run it. */
  notRunReason(idx: number, step: Step): string | null {
    const blocker = idx < this.end ? this.unreachable.get(step.node) : undefined;
    return blocker ? `not checked: ${blocker} could not run on ${step.node}; fix that first, then retry` : null;
  }

  /** Records a failed step; false when it is not a pre-flight step, and the job must stop at once. */
  record(idx: number, step: Step, err: unknown, message: string): boolean {
    if (idx >= this.end) return false;
    this.problems.push(stepFailure(step, message));
    // A PreflightError is a finding about the host; anything else means the host could not be checked.
    if (!(err instanceof PreflightError)) this.unreachable.set(step.node, step.id);
    return true;
  }

  /** Once step `idx` is past pre-flight: the job's error when pre-flight found problems, else null. */
  failureBefore(idx: number): string | null {
    if (idx < this.end || this.problems.length === 0) return null;
    const count = this.problems.length === 1 ? '1 problem' : `${this.problems.length} problems`;
    return `pre-flight found ${count}; nothing was changed on any host. Fix ${this.problems.length === 1 ? 'it' : 'them'} and retry:\n${this.problems.map((p) => `- ${p}`).join('\n')}`;
  }
}
