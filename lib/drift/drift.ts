import type { Step, StepKind } from '@/lib/plan/types';
import type { Change, ChangeAction } from '@/lib/objects';

/** One difference between a node's live state and what a step of the plan would make: that step's own diff. */
export interface Drift {
  node: string;
  /** The plan step that would correct it (see compileReconcilePlan). */
  stepId: string;
  kind: StepKind;
  action: ChangeAction;
  /** For people: "wal_level is replica, should be logical". */
  what: string;
  expected: string;
  actual: string;
  /** pgcascade cannot correct it by itself: the reason says what to do. */
  isManual?: boolean;
}

export function driftOf(step: Step, change: Pick<Change, 'action' | 'reason' | 'expected' | 'actual'> & { isManual?: boolean }): Drift {
  return {
    node: step.node,
    stepId: step.id,
    kind: step.kind,
    action: change.action,
    what: change.reason,
    expected: change.expected ?? '',
    actual: change.actual ?? '',
    ...(change.isManual ? { isManual: true } : {}),
  };
}
