/** What the backup routes answer, as JSON (types only: the modules they come from run on the server). */
import type { Json } from '@/lib/http/json';
import type { BackupEntry as BackupEntryRow, BackupList as BackupListRow } from '@/lib/backups/info';
import type { BackupHealth as BackupHealthRow } from '@/lib/backups/service';
import type { DrillSummary as DrillSummaryRow } from '@/lib/backups/restore-service';

export type BackupList = Json<BackupListRow>;
export type BackupEntry = Json<BackupEntryRow>;
export type BackupHealth = Json<BackupHealthRow>;
export type DrillSummary = Json<DrillSummaryRow>;
export type { BackupType } from '@/lib/plan/types';
