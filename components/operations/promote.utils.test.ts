import { describe, expect, it } from 'vitest';
import { promotableStandbys } from './promote.utils';

describe('promotableStandbys', () => {
  it('lists standbys of a primary or read replica, not those further down a chain', () => {
    expect(
      promotableStandbys({
        standbys: [
          { node: 'vm4', upstream: 'vm3' },
          { node: 'vm5', upstream: 'vm4' },
          { node: 'vm6', upstream: 'vm1' },
        ],
      }),
    ).toEqual([
      { node: 'vm4', upstream: 'vm3' },
      { node: 'vm6', upstream: 'vm1' },
    ]);
  });
  it('is empty without standbys', () => {
    expect(promotableStandbys({ standbys: [] })).toEqual([]);
  });
});
