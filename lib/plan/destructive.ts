import type { Plan } from './types';

/** A destructive step as the API and the review screen show it. */
export interface DestructiveStep {
  stepId: string;
  summary: string;
  cost: string;
}

export function destructiveSteps(plan: Plan): DestructiveStep[] {
  return plan.steps.filter((s) => s.destructive).map((s) => ({ stepId: s.id, summary: s.summary, cost: s.destructive as string }));
}

/** The plan drops, re-clones, restarts or removes something: it runs only with `confirmDestructive=true`. */
export class DestructiveChangeError extends Error {
  constructor(readonly destructive: DestructiveStep[], message?: string) {
    super(message ?? `the plan has ${destructive.length} destructive change${destructive.length === 1 ? '' : 's'}: confirm with confirmDestructive=true`);
    this.name = 'DestructiveChangeError';
  }
}
