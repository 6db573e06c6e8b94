import { describe, expect, it } from 'vitest';
import type { DriftItem } from '@/lib/queries/types';
import { driftHeadline, formatAgo } from './drift.utils';

const now = Date.parse('2026-05-01T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('formatAgo', () => {
  it('picks the unit a person would', () => {
    expect(formatAgo(ago(3), now)).toBe('just now');
    expect(formatAgo(ago(35), now)).toBe('35 s ago');
    expect(formatAgo(ago(185), now)).toBe('3 min ago');
    expect(formatAgo(ago(2 * 3600 + 5), now)).toBe('2 h ago');
    expect(formatAgo(ago(4 * 86_400), now)).toBe('4 d ago');
  });
  it('treats a time in the future (server clock ahead) as now, and keeps text it cannot read', () => {
    expect(formatAgo(ago(-30), now)).toBe('just now');
    expect(formatAgo('soon', now)).toBe('soon');
  });
});

describe('driftHeadline', () => {
  const item: DriftItem = { node: 'vm1', stepId: 'vm1/set-settings', kind: 'set-settings', action: 'change', what: 'wal_level', expected: 'logical', actual: 'replica' };
  it('says when nothing has been checked, when nothing differs, and how much differs', () => {
    expect(driftHeadline({ checkedAt: null, drift: [], error: null }, now)).toBe('Not checked yet');
    expect(driftHeadline({ checkedAt: ago(120), drift: [], error: null }, now)).toBe('No drift (checked 2 min ago)');
    expect(driftHeadline({ checkedAt: ago(20), drift: [item], error: null }, now)).toBe(
      '1 difference from the topology (checked 20 s ago)',
    );
    expect(driftHeadline({ checkedAt: ago(20), drift: [item, item], error: null }, now)).toMatch(/^2 differences/);
  });
});
