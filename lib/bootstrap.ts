import 'server-only';
import { getDbHandle } from '@/lib/db/client';
import { startRunner } from '@/lib/jobs/start';
import type { Runner } from '@/lib/jobs/runner';
import { subscribeToJobs } from '@/lib/clusters/job-effects';
import { startDriftWatch } from '@/lib/clusters/drift';
import { startSampler } from '@/lib/monitor/sampler';
import { startNotifier } from '@/lib/notify/notifier';
import { startBackupSchedules } from '@/lib/backups/scheduler';

const g = globalThis as unknown as { __pgcascadeServices?: Promise<Runner> };

/**
 * Everything a panel or worker process runs besides the web server, wired in one place: the job runner, what
 * its events mean for clusters, the sampler and the drift watch (unless PGCASCADE_SAMPLER=off), and the sender
 * of alert notifications.
 */
export function startServices(): Promise<Runner> {
  g.__pgcascadeServices ??= (async () => {
    subscribeToJobs();
    const runner = await startRunner();
    // With the embedded state DB this process is the only one: it samples every cluster, without leases.
    const { db, exclusive } = await getDbHandle();
    if (process.env.PGCASCADE_SAMPLER !== 'off') {
      startSampler(db, exclusive);
      startDriftWatch();
    }
    // Deliveries are durable rows: any process may send them (each claims a delivery with a lease).
    startNotifier(db, { exclusive });
    // Scheduled backups are jobs: the one-active-job rule keeps two processes from queueing the same one.
    if (process.env.PGCASCADE_BACKUP_SCHEDULES !== 'off') startBackupSchedules();
    return runner;
  })();
  return g.__pgcascadeServices;
}
