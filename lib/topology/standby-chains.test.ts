import { describe, it, expect } from 'vitest';
import { nodeRoles } from './node-roles';
import type { Topology } from './schema';
import {
  chainRoot,
  directStandbys,
  isStandby,
  slotName,
  standbyChainRoots,
  standbyOf,
  standbyOrder,
} from './standby-chains';
import { cluster, exampleTopology } from './test-fixtures';
import { validateTopology } from './validate';

function valid(input: unknown): Topology {
  const result = validateTopology(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.topology;
}

const example = valid(exampleTopology());
// vm1 ← vm2 ← vm3 and vm4 ← vm5, listed deepest first.
const cascade = valid(
  cluster({
    standbys: [
      { node: 'vm3', upstream: 'vm2' },
      { node: 'vm5', upstream: 'vm4', slot: 'slot_five' },
      { node: 'vm2', upstream: 'vm1' },
    ],
  }),
);

describe('standby chains', () => {
  it('names the slot from the standby, or pgcascade_<node> by default', () => {
    expect(slotName({ node: 'vm4', slot: 'replication_slot_4' })).toBe('replication_slot_4');
    expect(slotName({ node: 'vm4' })).toBe('pgcascade_vm4');
  });

  it('finds a node’s standby entry', () => {
    expect(standbyOf(example, 'vm4')).toMatchObject({ upstream: 'vm3' });
    expect(standbyOf(example, 'vm3')).toBeUndefined();
    expect(isStandby(example, 'vm4')).toBe(true);
    expect(isStandby(example, 'vm1')).toBe(false);
  });

  it('lists direct standbys of an upstream', () => {
    expect(directStandbys(cascade, 'vm1').map((s) => s.node)).toEqual(['vm2']);
    expect(directStandbys(cascade, 'vm3')).toEqual([]);
  });

  it('finds the primary at the top of each chain', () => {
    expect(chainRoot(cascade, 'vm3')).toBe('vm1');
    expect(chainRoot(cascade, 'vm1')).toBe('vm1');
    expect(standbyChainRoots(cascade)).toEqual(['vm1', 'vm4']);
    expect(standbyChainRoots(example)).toEqual(['vm3']);
  });

  it('orders every standby after the standby it cascades from', () => {
    expect(standbyOrder(cascade).map((s) => s.node)).toEqual(['vm2', 'vm3', 'vm5']);
  });

  it('does not loop forever on a cycle it is given anyway', () => {
    const cyclic = {
      standbys: [
        { node: 'a', upstream: 'b' },
        { node: 'b', upstream: 'a' },
      ],
    };
    expect(
      standbyOrder(cyclic)
        .map((s) => s.node)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(['a', 'b']).toContain(chainRoot(cyclic, 'a'));
    expect(standbyChainRoots(cyclic)).toEqual([]);
  });
});

describe('nodeRoles', () => {
  it('describes each node of the example', () => {
    expect(nodeRoles(example, 'vm1')).toEqual(['publisher', 'subscriber']);
    expect(nodeRoles(example, 'vm3')).toEqual(['subscriber', 'upstream']);
    expect(nodeRoles(example, 'vm4')).toEqual(['standby']);
    expect(nodeRoles(example, 'nope')).toEqual([]);
  });
});
