import { droppedSlot } from '@/lib/objects/slot';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { applyObject } from './object-handler';
import { paramsOf } from './params';
import { releaseSlot } from './slots';

/** A slot is dropped once its consumer has let go of it (a disabled subscription's walsender ends within a moment). */
export async function dropSlot(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'drop-slot');
  await releaseSlot(ctx, step.node, 'postgres', p.slot);
  return applyObject(droppedSlot, ctx, step);
}
