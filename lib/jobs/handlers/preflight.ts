import path from 'node:path';
import { connect } from 'node:net';
import { installHint } from '@/lib/hosts/find-binaries';
import type { Step } from '@/lib/plan/types';
import { PreflightError, type StepContext, type StepResult } from '../step-context';
import { paramsOf } from './params';
import { exists, isRunning } from './shared';

export async function checkBinaries(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-binaries');
  if (!p.binDir) throw new PreflightError(installHint(p.postgresVersion));
  // The clusters run as another OS user, which must be able to reach their folder.
  let dir = ctx.layout.root;
  while (dir !== '/' && !(await exists(ctx, dir))) dir = path.dirname(dir);
  const reach = await ctx.executor.run(['test', '-x', dir], { asPostgres: true, allowFailure: true });
  if (reach.exitCode !== 0) {
    throw new PreflightError(`the OS user ${ctx.layout.runAs ?? 'running the clusters'} cannot enter ${dir}: give it search permission (chmod o+x ${dir}) or set PGCASCADE_DATA_DIR to a folder it can reach`);
  }
  return 'unchanged';
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** The port must be free, or be this node's own running cluster (a re-apply). */
export async function checkPort(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-port');
  if (!(await portAnswers(p.port))) return 'unchanged';
  if ((await exists(ctx, `${p.dataDir}/PG_VERSION`)) && (await isRunning(ctx, p.dataDir))) {
    const pid = await ctx.executor.readFile(`${p.dataDir}/postmaster.pid`);
    if (pid?.split('\n')[3]?.trim() === String(p.port)) return 'unchanged';
  }
  throw new PreflightError(
    `port ${p.port} on 127.0.0.1 is already in use by another program, not by ${step.node}'s cluster: choose another port for ${step.node} or stop what listens there (ss -ltnp 'sport = :${p.port}')`,
  );
}
