import type { Step, StepKind } from '@/lib/plan/types';

/** One difference between a node's live state and what a step of the plan would make. */
export interface Drift {
  node: string;
  /** The plan step that would correct it (see compileReconcilePlan). */
  stepId: string;
  kind: StepKind;
  /** For people: "wal_level is replica, should be logical". */
  what: string;
  expected: string;
  actual: string;
}

export function driftOf(step: Step, what: string, expected: string, actual: string): Drift {
  return { node: step.node, stepId: step.id, kind: step.kind, what, expected, actual };
}

/** "a, b" or "none". */
export function listOf(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join(', ');
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return [...new Set(a)].sort().join('\n') === [...new Set(b)].sort().join('\n');
}
