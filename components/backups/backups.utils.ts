import type { BackupEntry } from '@/lib/queries/backups-types';

const TYPE_LABEL: Record<BackupEntry['type'], string> = { full: 'Full', diff: 'Differential', incr: 'Incremental' };

export function backupTypeLabel(type: BackupEntry['type']): string {
  return TYPE_LABEL[type];
}

/** How long a backup took, from its start and end. */
export function backupSeconds(b: Pick<BackupEntry, 'startedAt' | 'finishedAt'>): number {
  return Math.max(0, (new Date(b.finishedAt).getTime() - new Date(b.startedAt).getTime()) / 1000);
}

/** Newest first, for the table. */
export function newestFirst(backups: readonly BackupEntry[]): BackupEntry[] {
  return [...backups].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
