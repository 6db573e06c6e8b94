import { describe, expect, it } from 'vitest';
import type { LossCheckResult } from '@/lib/queries/types';
import { isLossCheckResult, isTakeoverJob, lossChecks, lossSummary, pendingLossText } from './loss-report.utils';

const clean: LossCheckResult = {
  subscription: 'sub_vm3',
  publisher: 'vm1',
  slot: 'sub_vm3',
  confirmedByOld: '0/3000060',
  appliedByOld: null,
  replayedByNew: '0/3000060',
  behindBytes: 0,
  fencedCleanly: true,
  lost: false,
  action: 'took over slot sub_vm3',
  tables: [],
};

const recopied: LossCheckResult = {
  ...clean,
  confirmedByOld: '0/3000200',
  replayedByNew: '0/3000060',
  behindBytes: 416,
  fencedCleanly: false,
  lost: true,
  action: 'moved to slot sub_vm3_takeover from 0/3000300',
  tables: [
    { table: 'orders', missing: 5, changed: 1, removed: 0, keys: ['5-9', '12'] },
    { table: 'items', missing: 0, changed: 0, removed: 2, keys: ['[3]', '[4]'] },
    { table: 'notes', missing: 0, changed: 0, removed: 0, keys: [], note: 'no primary key: not compared' },
  ],
};

const step = (id: string, result: unknown, status: 'pending' | 'changed' | 'unchanged' = 'changed') => ({
  id,
  node: 'vm4',
  kind: 'check-loss',
  status,
  result,
});

describe('isLossCheckResult', () => {
  it('accepts what check-loss reports and rejects anything else', () => {
    expect(isLossCheckResult(clean)).toBe(true);
    expect(isLossCheckResult(recopied)).toBe(true);
    expect(isLossCheckResult(null)).toBe(false);
    expect(isLossCheckResult({ ...clean, tables: [{ table: 'x' }] })).toBe(false);
    expect(isLossCheckResult({ ...clean, lost: 'no' })).toBe(false);
  });
});

describe('lossChecks', () => {
  it('keeps check-loss steps, with the subscription from the result or from the step id', () => {
    const checks = lossChecks([
      { id: 'vm3/fence-node', node: 'vm3', kind: 'fence-node', status: 'changed', result: null },
      step('vm4/check-loss/sub_vm3', clean, 'unchanged'),
      step('vm4/check-loss/sub_other', null, 'pending'),
      step('vm4/check-loss/sub_bad', { nonsense: true }),
    ]);
    expect(checks.map((c) => [c.subscription, c.result !== null])).toEqual([
      ['sub_vm3', true],
      ['sub_other', false],
      ['sub_bad', false],
    ]);
  });
});

describe('lossSummary', () => {
  it('says no loss with the server action when nothing was re-copied', () => {
    expect(lossSummary(clean)).toBe('no loss — took over slot sub_vm3');
    expect(lossSummary({ ...recopied, lost: false, tables: [] })).toBe(
      'no loss — moved to slot sub_vm3_takeover from 0/3000300',
    );
  });
  it('counts re-copied and removed rows over the tables that differed', () => {
    expect(lossSummary(recopied)).toBe(
      '6 rows re-copied, 2 removed in 2 tables — moved to slot sub_vm3_takeover from 0/3000300',
    );
  });
});

describe('isTakeoverJob and pendingLossText', () => {
  it('recognises failover and switchover jobs', () => {
    expect(isTakeoverJob('failover')).toBe(true);
    expect(isTakeoverJob('switchover')).toBe(true);
    expect(isTakeoverJob('apply')).toBe(false);
  });
  it('explains a check that has not reported', () => {
    expect(pendingLossText('pending')).toBe('not run yet');
    expect(pendingLossText('running')).toBe('checking…');
    expect(pendingLossText('failed')).toMatch(/failed/);
  });
});
