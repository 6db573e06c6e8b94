import type { JobStatus } from './types';

/** Poll intervals in ms; react-query never overlaps fetches of one query and pauses them in a background tab. */
export const POLL = {
  job: 1000,
  log: 1000,
  rows: 700,
  cluster: 5000,
  clusters: 3000,
  /** The panel samples every node once a second. */
  status: 1000,
  metrics: 1000,
  /** Windows read from 1-minute roll-ups gain a point a minute: no use asking every second. */
  rollupMetrics: 10_000,
  /** The server checks drift every minute itself; 10 s shows a finished check soon enough. */
  drift: 10_000,
  diagnoses: 10_000,
  /** The initial copy's throughput is measured between two readings: one a second. */
  copyProgress: 1000,
  /** Retries wait seconds to minutes: the delivery log moves on no faster. */
  notifications: 5000,
  /** pgbackrest info runs on the backup node for each read. */
  backups: 10_000,
  /** The issue asks that failing archiving shows within 10 s. */
  backupHealth: 5000,
} as const;

export function isJobActive(status: JobStatus | undefined): boolean {
  return status === 'queued' || status === 'running';
}
