import type { Backup } from '@/lib/topology/schema';
import { nextFire, parseCron } from '@/lib/topology/cron';
import type { BackupEntry } from './info';

export interface BackupAlert {
  id: 'backup-stale' | 'no-backup' | 'backup-failed' | 'archive-failing' | 'repository-disk-full' | 'drill-failed';
  message: string;
}

export interface BackupHealthInput {
  backup: Backup;
  backups: BackupEntry[];
  archive: { failing: boolean; lastError: string | null };
  /** How full the repository's file system is (0–100), when known. */
  repoUsedPercent: number | null;
  /** The newest drill: its status and the step it failed at. */
  lastDrill: { status: string; failedStep: string | null; jobId: string } | null;
  /** The newest backup job that ended, and its error. */
  lastBackupJob?: { status: string; error: string | null; jobId: string } | null;
  /** When the backup definition started to count (the cluster's creation). */
  since: Date;
  now: Date;
}

/** A slot is missed once this long has passed without a backup starting after it (a backup takes time too). */
export const GRACE_MS = 30 * 60_000;
export const DISK_ALERT_PERCENT = 90;

/** The first slot of any schedule after `from`. */
function firstSlot(backup: Backup, from: Date): Date | null {
  const slots = Object.values(backup.schedule ?? {})
    .filter((c): c is string => typeof c === 'string')
    .map((c) => nextFire(parseCron(c), from))
    .filter((d): d is Date => d !== null);
  return slots.length === 0 ? null : new Date(Math.min(...slots.map((d) => d.getTime())));
}

/** What is wrong with a cluster's backups now: each alert with a message that says what to do. */
export function backupAlerts(input: BackupHealthInput): BackupAlert[] {
  const alerts: BackupAlert[] = [];
  const newest = input.backups[input.backups.length - 1];
  const from = newest ? new Date(newest.startedAt) : input.since;
  const slot = firstSlot(input.backup, from);
  if (slot && slot.getTime() + GRACE_MS < input.now.getTime()) {
    alerts.push(
      newest
        ? { id: 'backup-stale', message: `the last good backup (${newest.label}) started ${newest.startedAt}; the schedule wanted one at ${slot.toISOString()}: see the last backup job for why, or Back up now` }
        : { id: 'no-backup', message: `no backup yet, though the schedule wanted one at ${slot.toISOString()}: see the backup jobs, or Back up now` },
    );
  }
  if (input.lastBackupJob?.status === 'failed') alerts.push({ id: 'backup-failed', message: `the last backup failed: ${input.lastBackupJob.error ?? 'see the job'} (job ${input.lastBackupJob.jobId}, the job page has the diagnosis)` });
  if (input.archive.failing) alerts.push({ id: 'archive-failing', message: `archiving WAL from ${input.backup.node} fails${input.archive.lastError ? `: ${input.archive.lastError}` : ''}; point-in-time recovery stops at the last archived WAL until it works again` });
  if (input.repoUsedPercent !== null && input.repoUsedPercent > DISK_ALERT_PERCENT) alerts.push({ id: 'repository-disk-full', message: `the repository's disk (${input.backup.repository.path}) is ${input.repoUsedPercent} % full: lower retention, or give it more space before backups and archiving fail` });
  if (input.lastDrill?.status === 'failed') alerts.push({ id: 'drill-failed', message: `the last restore drill failed${input.lastDrill.failedStep ? ` at "${input.lastDrill.failedStep}"` : ''}: open job ${input.lastDrill.jobId}` });
  return alerts;
}

/** Seconds since the newest good backup finished, or null without one. */
export function lastGoodBackupAge(backups: BackupEntry[], now: Date): number | null {
  const newest = backups[backups.length - 1];
  return newest ? Math.max(0, (now.getTime() - new Date(newest.finishedAt).getTime()) / 1000) : null;
}
