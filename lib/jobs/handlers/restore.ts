import type { Step } from '@/lib/plan/types';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf } from './params';
import { prepareScratch, removeScratch, runLogged, startScratch, waitPromoted } from './scratch';

/** Restore into a new scratch cluster, start it, wait for recovery to end; the report says what was reached and where it runs. */
export async function restoreBackup(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'restore-backup');
  const s = p.scratch;
  const started = Date.now();
  try {
    await prepareScratch(ctx, s);
    await runLogged(ctx, p.restoreArgv, 'pgbackrest restore');
    await startScratch(ctx, s);
    const point = await waitPromoted(ctx, s);
    await ctx.report({ ...point, target: p.target, port: s.port, dataDir: s.dataDir, socketDir: s.socketDir, seconds: (Date.now() - started) / 1000 });
    return 'changed';
  } catch (err) {
    // A half-restored folder is of no use to anyone.
    await removeScratch(ctx, s);
    throw err;
  }
}
