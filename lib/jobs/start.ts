import 'server-only';
import { getDbHandle } from '@/lib/db/client';
import { getCluster } from '@/lib/db/repositories/clusters';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { expireAllLeases, setStepResult } from '@/lib/db/repositories/jobs';
import { clusterMask, executorFactory } from '@/lib/hosts/executors';
import { superuserFor } from '@/lib/postgres/roles';
import { handlers } from './handlers';
import { emitJobEvent } from './events';
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
      // Nodes that left the topology stay reachable until this plan has released them.
      const topology = { ...cluster.topology, nodes: [...cluster.topology.nodes, ...(job.plan.retired ?? []).filter((r) => !cluster.topology.nodes.some((n) => n.name === r.name))] };
      const executorFor = await executorFactory(db, topology, secrets, mask);
      const session = new JobSession({
        topology,
        executorFor,
        superuser: cluster.topology.superuser ?? superuserFor(cluster.topology.provider),
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
    onStarted: (job) => emitJobEvent({ type: 'job-started', job }),
    onFinished: (job, status) => emitJobEvent({ type: 'job-finished', job, status }),
  };
  const runner = new Runner(deps, { pollMs: 300 });
  runner.start();
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
