/** What the backup routes answer (types only: the modules they come from run on the server). */
export type { BackupList, BackupEntry } from '@/lib/backups/info';
export type { BackupHealth } from '@/lib/backups/service';
export type { DrillSummary } from '@/lib/backups/restore-service';
export type { BackupType } from '@/lib/plan/types';
