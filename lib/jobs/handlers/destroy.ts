import path from 'node:path';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';
import { exists, isRunning, runAll } from './shared';

export async function stopNode(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'stop-node');
  if (!(await exists(ctx, `${p.dataDir}/PG_VERSION`)) || !(await isRunning(ctx, p.dataDir))) return 'unchanged';
  await ctx.disconnect(step.node);
  await runAll(ctx, step.commands);
  return 'changed';
}

export async function removeNode(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'remove-node');
  if (!(await exists(ctx, p.dir))) return 'unchanged';
  await runAll(ctx, step.commands);
  // The cluster's own folder goes with its last node.
  await ctx.executor.run(['rmdir', path.dirname(p.dir)], { allowFailure: true });
  return 'changed';
}
