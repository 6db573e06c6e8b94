import 'server-only';
import { getDbHandle } from '@/lib/db/client';
import { getCluster } from '@/lib/db/repositories/clusters';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { expireAllLeases, setStepResult } from '@/lib/db/repositories/jobs';
import { clusterMask, executorFactory } from '@/lib/hosts/executors';
import { loginRole } from '@/lib/postgres/roles';
import { machineServices } from '@/lib/machines/drivers';
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
      // VM nodes: SSH hosts learnt by their wait-machine step (this job's, or a finished one's before a Retry).
      const sshHosts = new Map<string, string>();
      for (const [stepId, result] of results) {
        const host = stepId.endsWith('/wait-machine') ? (result as { sshHost?: string } | null)?.sshHost : undefined;
        if (host) sshHosts.set(stepId.slice(0, -'/wait-machine'.length), host);
      }
      const executorFor = await executorFactory(db, topology, secrets, mask, topology.machines ? sshHosts : undefined);
      const session = new JobSession({
        topology,
        executorFor,
        superuser: loginRole(cluster.topology),
        secrets,
        mask,
        logs,
        statuses,
        results,
        isCancelRequested,
        saveResult: (stepId, result) => setStepResult(db, job.id, stepId, result),
        ...(topology.machines || job.plan.steps.some((s) => s.kind === 'drop-machine') ? { machines: machineServices(db, sshHosts) } : {}),
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
