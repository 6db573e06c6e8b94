import 'server-only';
import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/db/client';
import {
  getCluster,
  insertCluster,
  setClusterTopology,
} from '@/lib/db/repositories/clusters';
import { storeSecrets, upsertSecrets } from '@/lib/db/repositories/secrets';
import { insertJob, JobConflictError, listJobsOfCluster, OPERATIONAL_JOB_KINDS, type JobKind } from '@/lib/db/repositories/jobs';
import { compileDestroyPlan, compilePlan, type Plan } from '@/lib/plan';
import { destructiveSteps, DestructiveChangeError } from '@/lib/plan/destructive';
import type { Topology } from '@/lib/topology/schema';
import { SECRET_NAMES } from '@/lib/postgres/roles';
import { generatePassword } from '@/lib/secrets/generate';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { splitSshSecrets } from './ssh-secrets';
import { pokeRunner } from '@/lib/jobs/start';
import { NotFoundError, requireCluster } from './cluster-lookup';
import { markLiveDestructive } from './live-plan';
import { ensureTlsSecrets } from './tls-secrets';
import { prepareMachines } from './machines';

export { NotFoundError, requireCluster };

/** How an apply or reconcile may run: destructive steps only when confirmed; at most `concurrency` steps at once. */
export interface RunOptions {
  confirmDestructive?: boolean;
  concurrency?: number;
}

/**
 * The topologies whose objects may still exist on the nodes, newest first: what each job since the last one that
 * succeeded tried to apply, and that one's (the saved topology for clusters older than this record).
 */
export async function unsettledTopologies(clusterId: string, saved: Topology): Promise<Topology[]> {
  const out: Topology[] = [];
  for (const job of await listJobsOfCluster(await getDb(), clusterId)) {
    if (job.kind === 'destroy' || OPERATIONAL_JOB_KINDS.includes(job.kind)) continue;
    const t = job.plan.topology ?? saved;
    if (!out.some((o) => JSON.stringify(o) === JSON.stringify(t))) out.push(t);
    if (job.status === 'succeeded') break;
  }
  if (out.length === 0) out.push(saved);
  return out;
}

/** The plan for a topology, as it would run now (nothing is changed); for a cluster, against what it had. */
export async function previewPlan(topology: Topology, clusterId = 'new-cluster', options: RunOptions = {}): Promise<Plan> {
  const cluster = clusterId === 'new-cluster' ? null : await getCluster(await getDb(), clusterId);
  const previous = cluster ? await unsettledTopologies(clusterId, cluster.topology) : [];
  // VM nodes are planned with the addresses they will get (a preview of a new cluster's only).
  const planned = topology.machines ? (await prepareMachines(clusterId, topology, cluster !== null, cluster?.topology)).topology : topology;
  return compilePlan(planned, { layout: await discoverLayout(topology, clusterId), clusterId }, { previous, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
}

/** Queue a job; a plan with destructive steps needs `confirmDestructive` (else a DestructiveChangeError, 409). */
export async function enqueue(clusterId: string, kind: JobKind, plan: Plan, options: RunOptions = {}): Promise<string> {
  const destructive = destructiveSteps(plan);
  if (destructive.length > 0 && !options.confirmDestructive && (kind === 'apply' || kind === 'reconcile')) throw new DestructiveChangeError(destructive);
  const jobId = randomUUID();
  await insertJob(await getDb(), { id: jobId, clusterId, kind, plan });
  pokeRunner();
  return jobId;
}

/** Save a new cluster with generated role passwords and queue its first apply. */
export async function createCluster(topology: Topology): Promise<{ id: string; jobId: string }> {
  const db = await getDb();
  const id = randomUUID();
  const split = splitSshSecrets(topology);
  // VMs to create: their addresses, login and keys are chosen now and saved with the cluster.
  const { topology: saved, secrets: machines } = await prepareMachines(id, split.topology, false);
  const plan = await previewPlan(saved, id);
  await insertCluster(db, { id, topology: saved });
  await storeSecrets(db, id, {
    ...Object.fromEntries(SECRET_NAMES.map((n) => [n, generatePassword(32)])),
    ...split.secrets,
    ...machines,
  });
  await ensureTlsSecrets(id, saved);
  return { id, jobId: await enqueue(id, 'apply', plan) };
}


/**
 * After a failover or switchover stopped half-way the nodes match neither the old topology nor the new one:
 * applying or reconciling the saved (old) topology would re-clone the promoted node. Finish that job first.
 */
export async function refuseAfterUnfinishedTakeover(id: string): Promise<void> {
  const [last] = (await listJobsOfCluster(await getDb(), id)).filter((j) => !OPERATIONAL_JOB_KINDS.includes(j.kind));
  if (
    last &&
    (last.kind === 'failover' || last.kind === 'switchover') &&
    (last.status === 'failed' || last.status === 'cancelled')
  ) {
    throw new JobConflictError(
      last.id,
      `the last ${last.kind} (job ${last.id}) did not finish: Retry it from its job page first; applying the saved topology now would undo the promotion`,
    );
  }
}

/** Queue an apply of the cluster's topology (or of a changed one). */
export async function applyCluster(id: string, topology?: Topology, options: RunOptions = {}): Promise<{ jobId: string }> {
  const cluster = await requireCluster(id);
  await refuseAfterUnfinishedTakeover(id);
  // Secrets added in later versions (storeSecrets keeps the ones that exist).
  await storeSecrets(
    await getDb(),
    id,
    Object.fromEntries(SECRET_NAMES.map((n) => [n, generatePassword(32)])),
  );
  const split = topology ? splitSshSecrets(topology) : null;
  const prepared = await prepareMachines(id, split?.topology ?? cluster.topology, true, cluster.topology);
  if (split) split.topology = prepared.topology;
  await storeSecrets(await getDb(), id, prepared.secrets);
  const desired = prepared.topology;
  await ensureTlsSecrets(id, desired);
  // What the live diff will replace or drop needs the same confirmation as what the plan alone knows.
  const plan = await markLiveDestructive(id, await previewPlan(desired, id, options));
  const jobId = await enqueue(id, 'apply', plan, options);
  if (split) {
    await upsertSecrets(await getDb(), id, split.secrets);
    await setClusterTopology(await getDb(), id, split.topology);
  }
  return { jobId };
}

export async function destroyCluster(id: string): Promise<{ jobId: string }> {
  const cluster = await requireCluster(id);
  const layout = await discoverLayout(cluster.topology, id);
  return { jobId: await enqueue(id, 'destroy', compileDestroyPlan(cluster.topology, { layout, clusterId: id })) };
}

