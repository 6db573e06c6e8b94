import { describe, expect, it } from 'vitest';
import fourNode from '@/examples/four-node.local.json';
import type { Topology } from '@/lib/topology/schema';
import { formatArrival, receivers, replicatedTables, writablePairs } from './cluster.utils';

const t = fourNode as unknown as Topology;

describe('writablePairs', () => {
  it('offers vm1 → test and vm2 → test2 in the four-node setup', () => {
    expect(writablePairs(t)).toEqual([
      { node: 'vm1', table: 'test' },
      { node: 'vm2', table: 'test2' },
    ]);
  });
  it('never offers a standby', () => {
    const odd = { ...t, publications: [...t.publications, { node: 'vm4', name: 'p4', tables: ['test'] }] };
    expect(writablePairs(odd).map((p) => p.node)).not.toContain('vm4');
  });
});

describe('replicatedTables / receivers', () => {
  it('lists published tables and every node they reach, standbys included', () => {
    expect(replicatedTables(t)).toEqual(['test', 'test2']);
    expect([...receivers(t, 'test')].sort()).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
  });
  it('leaves out nodes that do not subscribe', () => {
    const one = { ...t, subscriptions: t.subscriptions.filter((s) => s.node !== 'vm3') };
    expect([...receivers(one, 'test')].sort()).toEqual(['vm1', 'vm2']);
  });
});

describe('formatArrival', () => {
  it('uses ms below ten seconds', () => {
    expect(formatArrival(834)).toBe('+834 ms');
    expect(formatArrival(12_345)).toBe('+12.3 s');
  });
});
