import { describe, expect, it } from 'vitest';
import { groupByNode } from './plan.utils';

describe('groupByNode', () => {
  it('groups steps by node in order of first appearance, pre-flight named as such', () => {
    const groups = groupByNode([
      { id: 'a', node: '*' },
      { id: 'b', node: 'vm1' },
      { id: 'c', node: 'vm2' },
      { id: 'd', node: 'vm1' },
    ]);
    expect(groups.map((g) => [g.label, g.steps.map((s) => s.id)])).toEqual([
      ['Pre-flight', ['a']],
      ['vm1', ['b', 'd']],
      ['vm2', ['c']],
    ]);
  });
});
