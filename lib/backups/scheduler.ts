import 'server-only';
import { getDb } from '@/lib/db/client';
import { listClusters } from '@/lib/db/repositories/clusters';
import { activeJobId, JobConflictError, listJobsOfCluster, type JobRow } from '@/lib/db/repositories/jobs';
import { backupsOf } from '@/lib/plan/derive/pgbackrest';
import { nextFire, parseCron } from '@/lib/topology/cron';
import { queueBackup } from './service';
import { queueDrill } from './restore-service';
import { dueBackup, type ScheduleKey } from './schedule';

/** When each schedule of a node last ran: the newest scheduled backup job that served it (its creation time). */
function lastRuns(jobs: JobRow[], node: string): (key: ScheduleKey) => Date | null {
  return (key) => {
    const job = jobs.find((j) => j.kind === 'backup' && j.plan.steps.some((s) => s.node === node && s.params.kind === 'run-backup' && s.params.trigger === 'schedule' && s.params.covers?.includes(key)));
    return job ? new Date(job.createdAt) : null;
  };
}

/** One pass: queue the backup each ready cluster's schedule owes now (at most one per cluster, as jobs are). */
export async function runDueBackups(now = new Date()): Promise<string[]> {
  const db = await getDb();
  const queued: string[] = [];
  for (const cluster of await listClusters(db)) {
    if (cluster.status !== 'ready' || backupsOf(cluster.topology).length === 0) continue;
    if (await activeJobId(db, cluster.id)) continue;
    const jobs = await listJobsOfCluster(db, cluster.id);
    for (const backup of backupsOf(cluster.topology)) {
      const baseline = new Date(cluster.createdAt);
      const due = dueBackup(backup, lastRuns(jobs, backup.node), baseline, now);
      const lastDrill = jobs.find((j) => j.kind === 'drill' && j.plan.steps.some((s) => s.node === backup.node && s.params.kind === 'run-drill' && s.params.trigger === 'schedule'));
      const drillAt = backup.drill ? nextFire(parseCron(backup.drill), lastDrill ? new Date(lastDrill.createdAt) : baseline) : null;
      const drillDue = drillAt !== null && drillAt.getTime() <= now.getTime();
      if (!due && !drillDue) continue;
      try {
        // A backup first; the drill, due at the same time, runs at the next pass and restores that backup.
        if (due) queued.push((await queueBackup(cluster.id, due.type, 'schedule', backup.node, due.covers)).jobId);
        else queued.push((await queueDrill(cluster.id, 'schedule', backup.node)).jobId);
      } catch (err) {
        // Another job took the cluster meanwhile (or another process queued this one): the next pass tries again.
        if (!(err instanceof JobConflictError)) console.error('pgcascade: scheduled backup not queued', cluster.id, (err as Error).message);
      }
      break;
    }
  }
  return queued;
}

/**
 * Every 20 s, queue the backups that are due. The clock is the jobs table: after a restart, a schedule whose
 * slot passed while the panel was down is due once, whatever the number of slots missed.
 */
export function startBackupSchedules(intervalMs = Number(process.env.PGCASCADE_BACKUP_TICK_MS || 20_000)): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    void runDueBackups()
      .catch((err: Error) => console.error('pgcascade: backup schedules failed', err.message))
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
