import { HostError } from '@/lib/hosts/host-error';
import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';

// A backup of a large database takes as long as it takes; the executor's default would kill it.
const BACKUP_TIMEOUT_MS = 12 * 60 * 60_000;

/** `pgbackrest backup` as the clusters' OS user, its output in the job log; reports the new backup's label. */
export async function runBackup(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'run-backup');
  ctx.log('info', `$ ${p.argv.join(' ')}`);
  const result = await ctx.executor.run(p.argv, { asPostgres: true, timeoutMs: BACKUP_TIMEOUT_MS, onOutput: (stream, text) => ctx.log(stream, text), allowFailure: true });
  if (result.exitCode !== 0) {
    const last = (result.stderr.trim() || result.stdout.trim()).split('\n').filter((l) => /ERROR|WARN/.test(l)).slice(-3).join('\n');
    throw new HostError(`pgbackrest backup (${p.type}) of stanza ${p.stanza} failed with exit code ${result.exitCode}${last ? `: ${last}` : ''}`, p.argv.join(' '), result.exitCode, result.stderr || result.stdout);
  }
  const label = /new backup label = (\S+)/.exec(result.stdout + result.stderr)?.[1] ?? null;
  await ctx.report({ label, type: p.type });
  return 'changed';
}
