import 'server-only';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db/client';
import { getJobSteps, listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { enqueue, requireCluster } from '@/lib/clusters/service';
import type { Layout } from '@/lib/plan/layout';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { clusterMask, executorFactory } from '@/lib/hosts/executors';
import { HttpError } from '@/lib/http/http-error';
import { destructiveSteps, DestructiveChangeError } from '@/lib/plan/destructive';
import type { RestoredNode, RestoreTarget } from '@/lib/plan/types';
import type { Backup, Topology } from '@/lib/topology/schema';
import type { DrillReport } from '@/lib/jobs/handlers/drill';
import { backupDefinition } from './service';
import { drillPlan, restorePlan, scratchCluster } from './restore-plan';
import { restoredNode, restoreInPlacePlan, restoreNodePlan } from './restore-target-plan';
import { inPlaceIssues, isInPlaceConfirmed, nodeTargetIssues, type NodeTargetInput, type RestoreTargetInput } from './restore-target';
import { scratchPort } from './scratch-port';

/**
 * Where the scratch cluster goes: beside the cluster's nodes on the panel host (local clusters), or on the backup
 * node's host, where the repository is (SSH hosts: see restore-plan.ts).
 */
const scratchLayout = (t: Topology, clusterId: string): Promise<Layout> => discoverLayout(t, clusterId);

const stamp = () => `${new Date().toISOString().replace(/[-:TZ.]/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
// Short: the socket path inside it (…/run/.s.PGSQL.<port>) must stay under 108 bytes.
const shortName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/**
 * Queue a restore: into a new scratch cluster (kept running for the user), a new standalone node (named, on its
 * port; never part of the topology), or over the backup node itself (only with the cluster's name typed: else a
 * DestructiveChangeError, 409, and nothing runs). The job's report says what was reached and where it runs.
 */
export async function queueRestore(clusterId: string, target: RestoreTarget, node?: string, into: RestoreTargetInput = { kind: 'scratch' }): Promise<{ jobId: string }> {
  const t = (await requireCluster(clusterId)).topology;
  const backup = backupDefinition(t, node);
  const layout = await scratchLayout(t, clusterId);
  if (into.kind === 'in-place') {
    const issues = inPlaceIssues(t, backup);
    if (issues.length > 0) throw new HttpError(422, issues);
    const plan = restoreInPlacePlan(t, layout, backup, target);
    if (!isInPlaceConfirmed(t, into)) {
      throw new DestructiveChangeError(destructiveSteps(plan), `restoring ${backup.node} over itself is destructive: type the cluster's name (${t.name}) in target.confirm to run it`);
    }
    return { jobId: await enqueue(clusterId, 'restore', plan) };
  }
  if (into.kind === 'node') {
    const restored = restoredNode(t, layout, backup, into.name, into.port);
    await checkNewNode(clusterId, t, backup, into, restored);
    return { jobId: await enqueue(clusterId, 'restore', restoreNodePlan(t, layout, backup, restored, target)) };
  }
  const scratch = scratchCluster(layout, shortName('restore'), await scratchPort());
  return { jobId: await enqueue(clusterId, 'restore', restorePlan(t, layout, backup, scratch, target)) };
}

/**
 * The new node's name and port, from the topology (422, 409) and then on the backup node's host, as check-port
 * does: nothing listens on the port, and no folder of that name is there yet (409).
 */
async function checkNewNode(clusterId: string, t: Topology, backup: Backup, into: NodeTargetInput, restored: RestoredNode): Promise<void> {
  const { invalid, conflict } = nodeTargetIssues(t, backup, into);
  if (invalid.length > 0) throw new HttpError(422, invalid);
  if (conflict.length > 0) throw new HttpError(409, conflict);
  const db = await getDb();
  const secrets = await loadSecrets(db, clusterId);
  const executor = (await executorFactory(db, t, secrets, await clusterMask(db, t, secrets)))(backup.node);
  const [probe, folder] = await Promise.all([
    executor.run(['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/$0', String(into.port)], { allowFailure: true, timeoutMs: 10_000 }),
    executor.run(['test', '-e', restored.dir], { allowFailure: true, timeoutMs: 10_000 }),
  ]);
  if (probe.exitCode === 0) throw new HttpError(422, [{ path: 'target.port', message: `port ${into.port} on ${restored.host} is already in use: choose another port or stop what listens there (ss -ltnp 'sport = :${into.port}')` }]);
  if (folder.exitCode === 0) throw new HttpError(409, [{ path: 'target.name', message: `${restored.dir} already exists on ${restored.host} (a node or an earlier restore of that name): give another name, or remove it first` }]);
}

/** Queue a restore drill; its scratch cluster is removed at its end. */
export async function queueDrill(clusterId: string, trigger: 'manual' | 'schedule' = 'manual', node?: string): Promise<{ jobId: string }> {
  const t = (await requireCluster(clusterId)).topology;
  const backup = backupDefinition(t, node);
  const layout = await scratchLayout(t, clusterId);
  const name = stamp();
  const scratch = scratchCluster(layout, shortName('drill'), await scratchPort());
  return { jobId: await enqueue(clusterId, 'drill', drillPlan(t, layout, backup, scratch, `pgcascade_drill_${name}`, trigger)) };
}

export interface DrillSummary {
  jobId: string;
  startedAt: string | null;
  status: string;
  restoreSeconds: number | null;
  recoveryPointAgeSeconds: number | null;
  tables: { name: string; matched: boolean; rows: number }[];
  failedStep: string | null;
}

/** Every drill of the cluster, newest first, with its kept report. */
export async function listDrills(clusterId: string): Promise<DrillSummary[]> {
  await requireCluster(clusterId);
  const db = await getDb();
  const drills = (await listJobsOfCluster(db, clusterId)).filter((j) => j.kind === 'drill');
  return Promise.all(
    drills.map(async (job) => {
      const report = (await getJobSteps(db, job.id)).find((s) => s.kind === 'run-drill')?.result as DrillReport | undefined;
      return {
        jobId: job.id,
        startedAt: job.startedAt ? new Date(job.startedAt).toISOString() : null,
        status: job.status,
        restoreSeconds: report?.restoreSeconds ?? null,
        recoveryPointAgeSeconds: report?.recoveryPointAgeSeconds ?? null,
        tables: (report?.tables ?? []).map(({ name, matched, rows }) => ({ name, matched, rows })),
        failedStep: report?.failedStep ?? null,
      };
    }),
  );
}
