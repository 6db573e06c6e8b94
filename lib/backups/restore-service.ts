import 'server-only';
import { randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db/client';
import { getJobSteps, listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { enqueue, requireCluster } from '@/lib/clusters/service';
import type { Layout } from '@/lib/plan/layout';
import type { RestoreTarget } from '@/lib/plan/types';
import type { Topology } from '@/lib/topology/schema';
import type { DrillReport } from '@/lib/jobs/handlers/drill';
import { backupDefinition } from './service';
import { drillPlan, restorePlan, scratchCluster } from './restore-plan';
import { scratchPort } from './scratch-port';

/**
 * Where the scratch cluster goes: beside the cluster's nodes on the panel host (local clusters), or on the backup
 * node's host, where the repository is (SSH hosts: see restore-plan.ts).
 */
const scratchLayout = (t: Topology, clusterId: string): Promise<Layout> => discoverLayout(t, clusterId);

const stamp = () => `${new Date().toISOString().replace(/[-:TZ.]/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
// Short: the socket path inside it (…/run/.s.PGSQL.<port>) must stay under 108 bytes.
const shortName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** Queue a restore into a new scratch cluster (kept running for the user; the job's report says where). */
export async function queueRestore(clusterId: string, target: RestoreTarget, node?: string): Promise<{ jobId: string }> {
  const t = (await requireCluster(clusterId)).topology;
  const backup = backupDefinition(t, node);
  const layout = await scratchLayout(t, clusterId);
  const scratch = scratchCluster(layout, shortName('restore'), await scratchPort());
  return { jobId: await enqueue(clusterId, 'restore', restorePlan(t, layout, backup, scratch, target)) };
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
