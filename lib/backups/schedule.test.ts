import { describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/topology/schema';
import { dueBackup, type ScheduleKey } from './schedule';

const backup: Backup = {
  node: 'vm3',
  repository: { type: 'posix', host: 'vm3', path: '/r' },
  schedule: { full: '0 2 * * 0', differential: '0 2 * * 1-6', incremental: '0 * * * *' },
};
const at = (iso: string) => new Date(iso);
const runs = (map: Partial<Record<ScheduleKey, string>>) => (key: ScheduleKey) => (map[key] ? at(map[key]) : null);

describe('dueBackup', () => {
  it('runs nothing before the first slot', () => {
    expect(dueBackup(backup, runs({}), at('2026-01-01T10:05:00Z'), at('2026-01-01T10:59:00Z'))).toBeNull();
  });
  it('runs an incremental at the hour', () => {
    expect(dueBackup(backup, runs({}), at('2026-01-01T10:05:00Z'), at('2026-01-01T11:00:00Z'))).toEqual({ type: 'incr', covers: ['incremental'] });
  });
  it('runs one full for Sunday 02:00, serving the incremental due at the same time', () => {
    // 2026-01-04 is a Sunday.
    const last = runs({ full: '2025-12-28T02:00:00Z', differential: '2026-01-03T02:00:00Z', incremental: '2026-01-04T01:00:00Z' });
    expect(dueBackup(backup, last, at('2025-12-01T00:00:00Z'), at('2026-01-04T02:00:30Z'))).toEqual({ type: 'full', covers: ['full', 'differential', 'incremental'] });
  });
  it('after three days down, runs one differential, not one per missed slot', () => {
    const last = runs({ full: '2026-01-04T02:00:00Z', differential: '2026-01-04T02:00:00Z', incremental: '2026-01-04T02:00:00Z' });
    const now = at('2026-01-07T09:30:00Z');
    const due = dueBackup(backup, last, at('2025-12-01T00:00:00Z'), now);
    expect(due).toEqual({ type: 'diff', covers: ['differential', 'incremental'] });
    // Once it ran (now), nothing more is due until the next slot.
    const after = runs({ full: '2026-01-04T02:00:00Z', differential: now.toISOString(), incremental: now.toISOString() });
    expect(dueBackup(backup, after, at('2025-12-01T00:00:00Z'), at('2026-01-07T09:59:00Z'))).toBeNull();
    expect(dueBackup(backup, after, at('2025-12-01T00:00:00Z'), at('2026-01-07T10:00:00Z'))).toEqual({ type: 'incr', covers: ['incremental'] });
  });
  it('has nothing to do without a schedule', () => {
    expect(dueBackup({ ...backup, schedule: undefined }, runs({}), at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBeNull();
  });
});
