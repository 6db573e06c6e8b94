import { describe, expect, it } from 'vitest';
import { laneBars } from './lanes.utils';

const step = (id: string, node: string, start: number | null, end: number | null, status = 'changed') => ({
  id,
  node,
  summary: id,
  status: status as 'changed',
  startedAt: start === null ? null : new Date(start).toISOString(),
  finishedAt: end === null ? null : new Date(end).toISOString(),
});

describe('laneBars', () => {
  it('puts each node in its own lane on one time axis and counts the steps that ran at once', () => {
    const { lanes, spanMs, peak } = laneBars([step('a1', 'vm1', 0, 100), step('b1', 'vm2', 50, 150), step('a2', 'vm1', 100, 200), step('c', 'vm3', null, null, 'pending')], 1000);
    expect(spanMs).toBe(200);
    expect(peak).toBe(2);
    expect(lanes.map((l) => [l.node, l.bars.map((b) => [b.id, b.left, b.width])])).toEqual([
      ['vm1', [['a1', 0, 0.5], ['a2', 0.5, 0.5]]],
      ['vm2', [['b1', 0.25, 0.5]]],
    ]);
  });

  it('draws a running step up to now, and nothing before any step started', () => {
    expect(laneBars([step('x', 'vm1', null, null, 'pending')], 0)).toEqual({ lanes: [], spanMs: 0, peak: 0 });
    const { lanes } = laneBars([step('a', 'vm1', 0, 100), step('b', 'vm2', 0, null, 'running')], 400);
    expect(lanes[1]?.bars[0]?.width).toBe(1);
  });
});
