// The runner's parallelism on the real SSH plan of the four-node example, without hosts: every install step
// waits `installMs` (a slow apt-get on a real VM), every other step returns at once. Run with the plan's graph
// at concurrency 4 and at 1 (what the runner did before the plan was a graph).
import { openMemoryDb } from '@/lib/db/memory-db';
import { claimJob, insertJob } from '@/lib/db/repositories/jobs';
import { runJob } from '@/lib/jobs/run-job';
import type { StepHandler } from '@/lib/jobs/step-context';
import { compilePlan } from '@/lib/plan';
import type { StepKind } from '@/lib/plan/types';
import { validateTopology } from '@/lib/topology';
import sshExample from '../examples/four-node.ssh.json';

export async function slowInstallRun(installMs: number, concurrency: number): Promise<number> {
  const parsed = validateTopology(sshExample);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const plan = compilePlan(parsed.topology, { layout: { kind: 'debian', version: 15 } }, { concurrency });
  const { db, close } = await openMemoryDb();
  try {
    await insertJob(db, { id: `slow-${concurrency}`, clusterId: 'bench', kind: 'apply', plan });
    const job = await claimJob(db, 'bench', 60_000);
    if (!job) throw new Error('the job was not claimed');
    const handler: StepHandler = async (_ctx, step) => {
      if (step.kind === 'install-postgres') await new Promise((r) => setTimeout(r, installMs));
      return 'changed';
    };
    const t0 = performance.now();
    let status = '';
    await runJob(
      {
        db,
        owner: 'bench',
        leaseMs: 60_000,
        handlers: new Proxy({} as Record<StepKind, StepHandler>, { get: () => handler }),
        openSession: async () => ({ session: { forStep: () => ({}) as never, close: async () => {} }, mask: (t) => t }),
        onStarted: async () => {},
        onFinished: async (_job, s) => {
          status = s;
        },
      },
      job,
    );
    if (status !== 'succeeded') throw new Error(`the simulated job ended ${status}`);
    return performance.now() - t0;
  } finally {
    await close();
  }
}
