import type { Backup } from '@/lib/topology/schema';
import { nextFire, parseCron } from '@/lib/topology/cron';
import type { BackupType } from '@/lib/plan/types';

export type ScheduleKey = 'full' | 'differential' | 'incremental';

/** Bigger first: a full backup also serves a differential or incremental slot that is due at the same time. */
const ORDER: readonly { key: ScheduleKey; type: BackupType; covers: ScheduleKey[] }[] = [
  { key: 'full', type: 'full', covers: ['full', 'differential', 'incremental'] },
  { key: 'differential', type: 'diff', covers: ['differential', 'incremental'] },
  { key: 'incremental', type: 'incr', covers: ['incremental'] },
];

export interface DueBackup {
  type: BackupType;
  /** The schedules this backup serves: their clocks start again from it. */
  covers: ScheduleKey[];
}

/**
 * The backup to run now, if any: a schedule is due when a slot of its cron expression has come since its last
 * scheduled run (or since `baseline` when it never ran). However many slots passed while the panel was down, it
 * is one backup: the clock restarts from that run.
 */
export function dueBackup(backup: Backup, lastRun: (key: ScheduleKey) => Date | null, baseline: Date, now: Date): DueBackup | null {
  const schedule = backup.schedule ?? {};
  for (const { key, type, covers } of ORDER) {
    const cron = schedule[key];
    if (!cron) continue;
    const next = nextFire(parseCron(cron), lastRun(key) ?? baseline);
    if (next && next.getTime() <= now.getTime()) return { type, covers: covers.filter((k) => schedule[k] !== undefined) };
  }
  return null;
}
