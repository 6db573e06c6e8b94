import { changeCommands, type AnyObjectModule } from '@/lib/objects/object';
import type { NodeIo } from '@/lib/objects';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepHandler, StepResult } from '../step-context';
import { exists } from './shared';

/** A node as the object modules read it during a job: SQL over the job's connection, files through the executor. */
export function jobNodeIo(ctx: StepContext, node: string): NodeIo {
  return {
    query: (database, sql, params) => ctx.query(node, database, sql, params),
    readFile: (path) => ctx.executor.readFile(path),
    exists: (path) => exists(ctx, path),
    isRunning: () => ctx.answers(node),
  };
}

/**
 * The one way an object step runs: read the live object, diff it with the step's desired state, run exactly the
 * commands of that change (each logged), then read again and verify that nothing differs any more.
 */
export async function applyObject(module: AnyObjectModule, ctx: StepContext, step: Step): Promise<StepResult> {
  const io = jobNodeIo(ctx, step.node);
  const change = module.diff(step.params, await module.read(io, step.params), ctx.secrets);
  if (!change) return 'unchanged';
  const commands = changeCommands(step, change);
  if (commands.length === 0) throw new Error(`${step.node}: ${change.reason}. pgcascade does not change this by itself: fix it, then retry`);
  ctx.log('info', `${change.action}: ${change.reason}`);
  for (const command of commands) {
    ctx.throwIfCancelled();
    await ctx.runCommand(command);
  }
  const after = module.diff(step.params, await module.read(io, step.params), ctx.secrets);
  if (after) throw new Error(`${step.node}: after the change, ${after.reason}`);
  return 'changed';
}

export const objectHandler =
  (module: AnyObjectModule): StepHandler =>
  (ctx, step) =>
    applyObject(module, ctx, step);
