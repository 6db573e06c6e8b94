import { describe, expect, it } from 'vitest';
import fourNode from '@/examples/four-node.local.json';
import { describeEdge, labelPlacement, linkId, ROOMY_LAYOUT, topologyGraph } from './topology-graph.utils';

describe('topologyGraph', () => {
  const graph = topologyGraph(fourNode);

  it('puts publishers on top, the subscriber below them and the standby below its upstream', () => {
    expect(Object.fromEntries(graph.nodes.map((n) => [n.name, n.level]))).toEqual({
      vm1: 0,
      vm2: 0,
      vm3: 1,
      vm4: 2,
    });
  });

  it('draws one logical link per publisher/subscriber pair and one physical link per standby', () => {
    const links = graph.edges.map((e) => `${e.kind} ${e.source}->${e.target} ${e.label}`);
    expect(links).toEqual([
      'logical vm2->vm1 my_pub_test2',
      'logical vm1->vm2 my_pub_test',
      'logical vm1->vm3 my_pub_test',
      'logical vm2->vm3 my_pub_test2',
      'physical vm3->vm4 replication_slot_4',
    ]);
  });

  it('routes the two directions of a same-row pair on different lanes', () => {
    const there = graph.edges.find((e) => e.id === 'logical:vm1->vm2');
    const back = graph.edges.find((e) => e.id === 'logical:vm2->vm1');
    expect(there?.sourceHandle).toBe('right-s');
    expect(back?.sourceHandle).toBe('left-s');
  });

  it('skips links to unknown or empty nodes and a standby of itself', () => {
    const g = topologyGraph({
      nodes: [{ name: 'a' }, { name: '' }],
      publications: [],
      subscriptions: [{ node: 'a', name: 's', publisher: 'zz', publications: ['p'] }],
      standbys: [{ node: 'a', upstream: 'a' }],
    });
    expect(g.nodes.map((n) => n.name)).toEqual(['a']);
    expect(g.edges).toEqual([]);
  });

  it('labels a standby without a slot with the default slot name', () => {
    const g = topologyGraph({
      nodes: [{ name: 'a' }, { name: 'b' }],
      publications: [],
      subscriptions: [],
      standbys: [{ node: 'b', upstream: 'a' }],
    });
    expect(g.edges[0] && describeEdge(g.edges[0])).toBe('b is a standby of a (physical, slot pgcascade_b)');
  });
});

describe('links for the live graph', () => {
  it('names each drawn link by kind and direction, as the live status is matched to it', () => {
    const graph = topologyGraph(fourNode);
    expect(graph.edges.map((e) => e.id)).toEqual([
      linkId('logical', 'vm2', 'vm1'),
      linkId('logical', 'vm1', 'vm2'),
      linkId('logical', 'vm1', 'vm3'),
      linkId('logical', 'vm2', 'vm3'),
      'physical:vm3->vm4',
    ]);
  });

  it('labels the two lanes of a same-row pair above and below, every other link on it', () => {
    const graph = topologyGraph(fourNode);
    const placement = Object.fromEntries(graph.edges.map((e) => [e.id, labelPlacement(e)]));
    expect(placement).toEqual({
      'logical:vm2->vm1': 'below',
      'logical:vm1->vm2': 'above',
      'logical:vm1->vm3': 'center',
      'logical:vm2->vm3': 'center',
      'physical:vm3->vm4': 'center',
    });
  });

  it('spreads nodes further apart with the roomy layout', () => {
    const compact = topologyGraph(fourNode);
    const roomy = topologyGraph(fourNode, ROOMY_LAYOUT);
    const x = (g: typeof compact, name: string) => g.nodes.find((n) => n.name === name)?.x ?? 0;
    expect(x(roomy, 'vm2') - x(roomy, 'vm1')).toBeGreaterThan(x(compact, 'vm2') - x(compact, 'vm1'));
    expect(roomy.edges).toEqual(compact.edges);
  });
});
