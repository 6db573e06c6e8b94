import { describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/topology/schema';
import type { BackupEntry } from './info';
import { backupAlerts, lastGoodBackupAge, type BackupHealthInput } from './health';

const backup: Backup = { node: 'vm3', repository: { type: 'posix', host: 'vm3', path: '/r' }, schedule: { full: '0 2 * * *' } };
const entry = (startedAt: string): BackupEntry => ({ label: 'L', type: 'full', startedAt, finishedAt: startedAt, sizeBytes: 1, repoSizeBytes: 1, walStart: null, walStop: null, lsnStart: null, lsnStop: null });
const input = (over: Partial<BackupHealthInput> = {}): BackupHealthInput => ({ backup, backups: [entry('2026-01-01T02:00:00Z')], archive: { failing: false, lastError: null }, repoUsedPercent: 10, lastDrill: null, since: new Date('2025-12-01T00:00:00Z'), now: new Date('2026-01-01T12:00:00Z'), ...over });
const ids = (over: Partial<BackupHealthInput> = {}) => backupAlerts(input(over)).map((a) => a.id);

describe('backupAlerts', () => {
  it('is quiet when the last slot had its backup', () => expect(ids()).toEqual([]));
  it('says the backup is stale once a slot passed, after a grace period', () => {
    expect(ids({ now: new Date('2026-01-02T02:20:00Z') })).toEqual([]);
    expect(ids({ now: new Date('2026-01-02T02:31:00Z') })).toEqual(['backup-stale']);
    expect(ids({ backups: [], now: new Date('2025-12-01T03:00:00Z') })).toEqual(['no-backup']);
  });
  it('reports failing archiving, a full repository disk and a failed drill', () => {
    const alerts = backupAlerts(input({ archive: { failing: true, lastError: 'ERROR: [055]' }, repoUsedPercent: 93, lastDrill: { status: 'failed', failedStep: 'pgbackrest verify', jobId: 'j1' } }));
    expect(alerts.map((a) => a.id)).toEqual(['archive-failing', 'repository-disk-full', 'drill-failed']);
    expect(alerts[0]!.message).toContain('ERROR: [055]');
    expect(alerts[2]!.message).toContain('at "pgbackrest verify"');
  });
  it('reports a failed last backup job with its error', () => {
    const alerts = backupAlerts(input({ lastBackupJob: { status: 'failed', error: 'permission denied', jobId: 'j2' } }));
    expect(alerts).toEqual([{ id: 'backup-failed', message: expect.stringContaining('the last backup failed: permission denied (job j2') }]);
  });
  it('without a schedule, never says stale', () => expect(ids({ backup: { ...backup, schedule: undefined }, backups: [], now: new Date('2027-01-01T00:00:00Z') })).toEqual([]));
});

describe('lastGoodBackupAge', () => {
  it('counts from the newest backup end', () => {
    expect(lastGoodBackupAge([entry('2026-01-01T00:00:00Z')], new Date('2026-01-01T00:01:00Z'))).toBe(60);
    expect(lastGoodBackupAge([], new Date())).toBeNull();
  });
});
