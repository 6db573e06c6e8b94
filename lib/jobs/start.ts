import 'server-only';
import { getDbHandle } from '@/lib/db/client';
import { getCluster, setClusterStatus, setClusterTopology } from '@/lib/db/repositories/clusters';
import { deleteSecrets, loadSecrets } from '@/lib/db/repositories/secrets';
import { expireAllLeases, setStepResult } from '@/lib/db/repositories/jobs';
import { clusterMask, executorFactory } from '@/lib/hosts/executors';
import { superuserFor } from '@/lib/postgres/roles';
import { handlers } from './handlers';
import { closeEndpoints } from '@/lib/clusters/endpoints';
import { startSampler } from '@/lib/monitor/sampler';
import { JobSession } from './job-session';
import { Runner } from './runner';
import type { RunJobDeps } from './run-job';

const LEASE_MS = 15_000;
const g = globalThis as unknown as { __pgcascadeRunner?: Promise<Runner> };

async function create(): Promise<Runner> {
  const { db, exclusive } = await getDbHandle();
  // With the embedded state DB this process is the only worker, so a "running" job was left by a process that died.
  if (exclusive) await expireAllLeases(db);
  const deps: Omit<RunJobDeps, 'owner'> = {
    db,
    leaseMs: LEASE_MS,
    handlers,
    async openSession({ job, logs, statuses, results, isCancelRequested }) {
      const cluster = await getCluster(db, job.clusterId);
      if (!cluster) throw new Error(`cluster ${job.clusterId} no longer exists`);
      const secrets = await loadSecrets(db, job.clusterId);
      const mask = await clusterMask(db, cluster.topology, secrets);
      const executorFor = await executorFactory(db, cluster.topology, secrets, mask);
      const session = new JobSession({
        topology: cluster.topology,
        executorFor,
        superuser: superuserFor(cluster.topology.provider),
        secrets,
        mask,
        logs,
        statuses,
        results,
        isCancelRequested,
        saveResult: (stepId, result) => setStepResult(db, job.id, stepId, result),
      });
      return { session, mask };
    },
    async onStarted(job) {
      await setClusterStatus(db, job.clusterId, job.kind === 'destroy' ? 'destroying' : 'applying');
    },
    async onFinished(job, status) {
      if (job.kind === 'destroy' && status === 'succeeded') {
        await setClusterStatus(db, job.clusterId, 'destroyed');
        closeEndpoints(job.clusterId);
        await deleteSecrets(db, job.clusterId);
        return;
      }
      // A failover or switchover changes the topology: saved only once every step has succeeded.
      if (status === 'succeeded' && job.plan.topology)
        await setClusterTopology(db, job.clusterId, job.plan.topology);
      await setClusterStatus(db, job.clusterId, status === 'succeeded' ? 'ready' : 'failed');
      // What the job changed shows in the drift card at once, not a minute later (imported late: drift queues jobs).
      if (status === 'succeeded') void import('@/lib/clusters/drift').then((m) => m.checkDrift(job.clusterId)).catch(() => undefined);
    },
  };
  const runner = new Runner(deps, { pollMs: 300 });
  runner.start();
  startSampler(db);
  return runner;
}

/** The process's job runner, started on first call (from instrumentation.ts, or `npm run worker`). */
export function startRunner(): Promise<Runner> {
  g.__pgcascadeRunner ??= create();
  return g.__pgcascadeRunner;
}

/** Wake the runner if this process has one (a job was just queued). */
export function pokeRunner(): void {
  void g.__pgcascadeRunner?.then((r) => r.poke());
}
