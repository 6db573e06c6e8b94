import { describe, expect, it } from 'vitest';
import { backupSeconds, backupTypeLabel, newestFirst } from './backups.utils';

const b = (label: string, startedAt: string, finishedAt = startedAt) => ({ label, type: 'full' as const, startedAt, finishedAt, sizeBytes: 0, repoSizeBytes: 0, walStart: null, walStop: null, lsnStart: null, lsnStop: null });

describe('backups utils', () => {
  it('labels types, measures duration and sorts newest first', () => {
    expect(backupTypeLabel('incr')).toBe('Incremental');
    expect(backupSeconds(b('a', '2026-01-01T00:00:00Z', '2026-01-01T00:00:07Z'))).toBe(7);
    expect(newestFirst([b('a', '2026-01-01T00:00:00Z'), b('b', '2026-01-02T00:00:00Z')]).map((x) => x.label)).toEqual(['b', 'a']);
  });
});
