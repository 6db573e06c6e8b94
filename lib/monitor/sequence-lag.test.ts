import { describe, expect, it } from 'vitest';
import { sequenceLag, sequenceTargets } from './sequence-lag';

describe('sequence lag', () => {
  const lags = sequenceLag(
    [{ sequence: 'public.a_id_seq', last: '200' }, { sequence: 'Sales.n', last: '5' }, { sequence: 'public.unused', last: null }, { sequence: 'public.only_there', last: '9' }],
    [{ sequence: 'public.a_id_seq', last: null }, { sequence: 'Sales.n', last: '50' }, { sequence: 'public.unused', last: null }],
  );

  it('compares the sequences both nodes have', () => {
    expect(lags).toEqual([
      { sequence: 'public.a_id_seq', publisherValue: 200, subscriberValue: null, behind: 200 },
      { sequence: 'Sales.n', publisherValue: 5, subscriberValue: 50, behind: 0 },
      { sequence: 'public.unused', publisherValue: null, subscriberValue: null, behind: 0 },
    ]);
  });

  it('moves a sequence only forward, to the publisher’s value plus the margin', () => {
    expect(sequenceTargets(lags, 100)).toEqual([
      { sequence: 'public.a_id_seq', schema: 'public', name: 'a_id_seq', value: 300 },
      { sequence: 'Sales.n', schema: 'Sales', name: 'n', value: 105 },
    ]);
    expect(sequenceTargets(lags, 0).map((t) => t.sequence)).toEqual(['public.a_id_seq']);
  });
});
