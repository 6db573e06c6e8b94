import { describe, it, expect } from 'vitest';
import { shortestPath, stronglyConnected } from './graph';

const edges: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: [] };
const next = (v: string) => edges[v] ?? [];

describe('graph', () => {
  it('groups a cycle into one component', () => {
    const components = stronglyConnected(Object.keys(edges), next).map((c) => [...c].sort());
    expect(components).toContainEqual(['a', 'b', 'c']);
    expect(components).toContainEqual(['d']);
  });

  it('handles a long chain without recursion', () => {
    const chain = (v: string) => (Number(v) < 100_000 ? [String(Number(v) + 1)] : ['0']);
    expect(stronglyConnected(['0'], chain)[0]).toHaveLength(100_001);
  });

  it('finds the shortest path, optionally within a vertex set', () => {
    expect(shortestPath('a', 'd', next)).toEqual(['a', 'b', 'c', 'd']);
    expect(shortestPath('d', 'a', next)).toBeUndefined();
    expect(shortestPath('a', 'd', next, new Set(['a', 'b', 'c']))).toBeUndefined();
  });
});
