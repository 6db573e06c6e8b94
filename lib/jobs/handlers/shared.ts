import type { ServiceCommands } from '@/lib/plan/layout';
import type { Command } from '@/lib/plan/types';
import type { StepContext } from '../step-context';

export async function runAll(ctx: StepContext, commands: Command[]): Promise<void> {
  for (const command of commands) {
    ctx.throwIfCancelled();
    await ctx.runCommand(command);
  }
}

export async function isRunning(ctx: StepContext, service: ServiceCommands): Promise<boolean> {
  const status = await ctx.executor.run(service.status, {
    asPostgres: service.asPostgres,
    allowFailure: true,
  });
  return status.exitCode === 0;
}

export async function exists(ctx: StepContext, path: string): Promise<boolean> {
  return (await ctx.executor.run(['test', '-e', path], { allowFailure: true })).exitCode === 0;
}

/** The last lines of a node's server log, to explain a failed start. */
export async function logTail(ctx: StepContext, logFile: string, lines = 15): Promise<string> {
  const text = await ctx.executor.readFile(logFile).catch(() => null);
  return text ? text.trim().split('\n').slice(-lines).join('\n') : '';
}
