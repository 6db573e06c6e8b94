import type { Step, StepParams } from '@/lib/plan/types';

/** The step's params, narrowed to its kind (the plan guarantees they match). */
export function paramsOf<K extends StepParams['kind']>(
  step: Step,
  kind: K,
): Extract<StepParams, { kind: K }> {
  if (step.params.kind !== kind)
    throw new Error(`step ${step.id} has params for ${step.params.kind}, expected ${kind}`);
  return step.params as Extract<StepParams, { kind: K }>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
