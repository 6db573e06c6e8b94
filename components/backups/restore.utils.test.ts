import { describe, expect, it } from 'vitest';
import { destructiveOf, EMPTY_RESTORE_FORM, messagesAt, restoreRequest, utcTime } from './restore.utils';

describe('"Restore to…" form', () => {
  it('reads the time field as UTC', () => {
    expect(utcTime('2026-01-01T02:30')).toBe('2026-01-01T02:30:00Z');
    expect(utcTime('2026-01-01T02:30:15')).toBe('2026-01-01T02:30:15Z');
    expect(utcTime('soon')).toBe('soon');
  });

  it('builds the request of each target', () => {
    expect(restoreRequest(EMPTY_RESTORE_FORM)).toEqual({ target: { kind: 'scratch' } });
    expect(restoreRequest({ ...EMPTY_RESTORE_FORM, point: 'backup', backup: '20260101-020000F', into: 'node', name: ' copy1 ', port: '56000' })).toEqual({
      backup: '20260101-020000F',
      target: { kind: 'node', name: 'copy1', port: 56000 },
    });
    expect(restoreRequest({ ...EMPTY_RESTORE_FORM, into: 'node', name: 'c', port: '5', host: '10.0.0.3' }).target).toEqual({ kind: 'node', name: 'c', port: 5, host: '10.0.0.3' });
    expect(restoreRequest({ ...EMPTY_RESTORE_FORM, point: 'time', time: '2026-01-01T02:30', into: 'in-place' })).toEqual({ time: '2026-01-01T02:30:00Z', target: { kind: 'in-place' } });
    expect(restoreRequest({ ...EMPTY_RESTORE_FORM, into: 'in-place', confirm: 'demo' }).target).toEqual({ kind: 'in-place', confirm: 'demo' });
  });

  it("takes each field's messages and the 409's destructive steps", () => {
    const issues = [{ path: 'target.port', message: 'in use' }, { path: 'target.name', message: 'taken' }];
    expect(messagesAt(issues, 'target.port')).toEqual(['in use']);
    expect(destructiveOf({ destructive: [{ stepId: 'vm1/restore-in-place', summary: 's', cost: 'c' }] })).toHaveLength(1);
    expect(destructiveOf(undefined)).toEqual([]);
  });
});
