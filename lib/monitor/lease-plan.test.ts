import { describe, expect, it } from 'vitest';
import { leasePlan } from './lease-plan';

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `c${from + i}`);

describe('monitor lease plan', () => {
  it('takes everything when alone', () => {
    expect(leasePlan({ ready: ids(12), held: [], free: ids(12), processes: 1 })).toEqual({ release: [], take: ids(12) });
  });

  it('takes at most its share when others sample too', () => {
    expect(leasePlan({ ready: ids(12), held: [], free: ids(12), processes: 3 }).take).toEqual(ids(4));
    expect(leasePlan({ ready: ids(12), held: ids(3), free: ids(9, 3), processes: 3 }).take).toEqual(['c3']);
  });

  it('gives clusters back down to its share once it holds more than share + slack (a process joined)', () => {
    expect(leasePlan({ ready: ids(12), held: ids(12), free: [], processes: 3 })).toEqual({ release: ids(8, 4), take: [] });
    // One over the share is within the slack: kept.
    expect(leasePlan({ ready: ids(12), held: ids(5), free: [], processes: 3 })).toEqual({ release: [], take: [] });
  });

  it('takes over what a dead process left once only the living are counted', () => {
    expect(leasePlan({ ready: ids(12), held: ids(4), free: ids(4, 8), processes: 2 }).take).toEqual(['c8', 'c9']);
  });

  it('gives back clusters that are no longer ready and never takes them', () => {
    expect(leasePlan({ ready: ids(2), held: ['c0', 'gone'], free: ['c1', 'other'], processes: 1 })).toEqual({ release: ['gone'], take: ['c1'] });
  });

  it('spreads every cluster when each process follows it in turn', () => {
    const owner = new Map<string, number>();
    const ready = ids(13);
    for (let round = 0; round < 5; round++)
      for (let p = 0; p < 3; p++) {
        const held = ready.filter((id) => owner.get(id) === p);
        const free = ready.filter((id) => !owner.has(id));
        const plan = leasePlan({ ready, held, free, processes: 3 });
        for (const id of plan.release) owner.delete(id);
        for (const id of plan.take) owner.set(id, p);
      }
    expect(owner.size).toBe(13);
    const counts = [0, 1, 2].map((p) => [...owner.values()].filter((o) => o === p).length);
    expect(Math.max(...counts)).toBeLessThanOrEqual(5);
  });
});
