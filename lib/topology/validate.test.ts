import { describe, it, expect } from 'vitest';
import example from '../../examples/four-node.local.json';
import { standbyOrder } from './standby-chains';
import { cluster, errorsOf, exampleTopology, messagesAt, table } from './test-fixtures';
import type { TopologyInput } from './schema';
import { validateTopology } from './validate';

function expectIssue(input: unknown, path: string, fragment: string) {
  expect(messagesAt(input, path)).toContainEqual(expect.stringContaining(fragment));
}

function expectValid(input: unknown) {
  expect(errorsOf(input)).toEqual([]);
  expect(validateTopology(input).ok).toBe(true);
}

const pub = (node: string, name: string, tables: string[]) => ({ node, name, tables });
const sub = (
  node: string,
  name: string,
  publisher: string,
  publications: string[],
  origin?: 'any' | 'none',
) => ({
  node,
  name,
  publisher,
  publications,
  ...(origin ? { origin } : {}),
});

describe('validateTopology: shape', () => {
  it('accepts examples/four-node.local.json and applies defaults', () => {
    const result = validateTopology(example);
    expect(result).toMatchObject({ ok: true, topology: { name: 'four-node-demo', provider: 'local' } });
    const bare = exampleTopology();
    delete bare.publications;
    delete bare.subscriptions;
    delete bare.standbys;
    expect(validateTopology(bare)).toMatchObject({
      ok: true,
      topology: { publications: [], subscriptions: [], standbys: [] },
    });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an empty list', []],
    ['undefined', undefined],
    ['a string', 'topology'],
    ['nodes as text', { nodes: 'x' }],
    ['nodes of wrong types', { nodes: [1, null, 'vm1', [], { name: 5, port: 'x', ssh: 3 }] }],
    ['a 1MB name', { ...exampleTopology(), name: 'n'.repeat(1_000_000) }],
    ['a 1MB node name', { ...exampleTopology(), nodes: [{ name: 'v'.repeat(1_000_000), port: 1 }] }],
    [
      'deeply wrong types',
      { tables: { a: 1 }, publications: [{ tables: 'x' }], subscriptions: [[]], standbys: [{ node: {} }] },
    ],
  ])('rejects %s without throwing', (_label, input) => {
    const result = validateTopology(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  });

  it('keeps messages short when a huge name is repeated in references', () => {
    const huge = 'v'.repeat(1_000_000);
    const errors = errorsOf({ ...exampleTopology(), standbys: [{ node: huge, upstream: huge }] });
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message.length).toBeLessThan(1000);
  });

  it('reports a thrown getter as a problem instead of throwing', () => {
    const input = Object.defineProperty({}, 'nodes', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(validateTopology(input).ok).toBe(false);
  });

  it('reports a shape problem and a semantic problem together', () => {
    const input = exampleTopology();
    input.standbys = [{ node: 'vm4', upstream: 'vm4' }];
    Reflect.deleteProperty(input.nodes[2]!, 'port');
    const paths = errorsOf(input).map((e) => e.path);
    expect(paths).toContain('nodes.2.port');
    expect(paths).toContain('standbys.0.upstream');
    expectIssue(input, 'standbys.0.upstream', 'vm4 cannot be a standby of itself');
  });

  it('says "is required" for a missing field, including enums', () => {
    const input: Record<string, unknown> = { ...exampleTopology() };
    delete input.provider;
    expectIssue(input, 'provider', 'is required');
    expectIssue({ ...exampleTopology(), nodes: [{ name: 'vm1' }] }, 'nodes.0.port', 'is required');
  });

  it('names each unknown key', () => {
    const input = exampleTopology();
    Object.assign(input.nodes[0]!, { host: 'x', colour: 'red' });
    expectIssue(input, 'nodes.0', 'unknown field "host"');
    expectIssue(input, 'nodes.0', 'unknown field "colour"');
  });

  it('keeps the schema’s own messages', () => {
    expectIssue(
      { ...exampleTopology(), nodes: [{ name: 'vm1', port: 70000 }] },
      'nodes.0.port',
      'must be between 1 and 65535',
    );
  });

  it('reports each problem once', () => {
    const errors = errorsOf({
      ...exampleTopology(),
      nodes: [
        { name: 'vm1', port: 1 },
        { name: 'vm1', port: 1 },
        { name: 'vm1', port: 1 },
      ],
    });
    const keys = errors.map((e) => `${e.path}|${e.message}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('rule 1–3: nodes', () => {
  it('flags a duplicate node name at the later node', () => {
    const input = cluster({
      nodes: [
        { name: 'vm1', port: 1 },
        { name: 'vm2', port: 2 },
        { name: 'vm1', port: 3 },
      ],
    });
    expectIssue(input, 'nodes.2.name', 'already used by nodes.0');
    expect(messagesAt(input, 'nodes.0.name')).toEqual([]);
  });

  it('flags a duplicate port on the local provider', () => {
    const input = cluster({
      nodes: [
        { name: 'vm1', port: 5432 },
        { name: 'vm2', port: 5432 },
      ],
    });
    expectIssue(input, 'nodes.1.port', 'port 5432 is already used by vm1');
    expectValid(
      cluster({
        nodes: [
          { name: 'vm1', port: 5432 },
          { name: 'vm2', port: 5433 },
        ],
      }),
    );
  });

  const ssh = { user: 'admin', credentialId: 'cred-1' };
  it('allows one port on different ssh hosts but not on the same host', () => {
    const sameHost = [
      { name: 'vm1', port: 5432, address: '10.0.0.1', ssh },
      { name: 'vm2', port: 5432, address: '10.0.0.1', ssh },
    ];
    expectIssue(
      cluster({ provider: 'ssh', nodes: sameHost }),
      'nodes.1.port',
      '10.0.0.1:5432 is already used by vm1',
    );
    const otherHost = [sameHost[0]!, { ...sameHost[1]!, address: '10.0.0.2' }];
    expectValid(cluster({ provider: 'ssh', nodes: otherHost }));
  });

  it('requires address and ssh credentials with the ssh provider', () => {
    const input = cluster({
      provider: 'ssh',
      nodes: [
        { name: 'vm1', port: 5432 },
        { name: 'vm2', port: 5432, address: 'db2', ssh: { user: 'admin' } },
      ],
    });
    expectIssue(input, 'nodes.0.address', 'is required with the ssh provider');
    expectIssue(input, 'nodes.0.ssh', 'is required with the ssh provider');
    expectIssue(input, 'nodes.1.ssh', 'privateKey, password or credentialId');
    expectValid(
      cluster({
        provider: 'ssh',
        nodes: [{ name: 'vm1', port: 5432, address: 'db1', ssh: { user: 'admin', password: 'x' } }],
      }),
    );
  });

  it('rejects ssh settings with the local provider', () => {
    expectIssue(cluster({ nodes: [{ name: 'vm1', port: 1, ssh }] }), 'nodes.0.ssh', 'remove ssh');
  });
});

describe('rule 4: tables', () => {
  it('flags duplicate tables and columns', () => {
    const input = cluster({ tables: [table('t1'), table('t1')] });
    expectIssue(input, 'tables.1.name', 'table t1 is already defined at tables.0');
    const columns = {
      name: 't1',
      columns: [
        { name: 'id', type: 'integer', primaryKey: true },
        { name: 'id', type: 'text' },
      ],
    };
    expectIssue(cluster({ tables: [columns] }), 'tables.0.columns.1.name', 'column id is already defined');
  });

  it('needs a primary key only on published tables', () => {
    const published = cluster({ tables: [table('t1', false)], publications: [pub('vm1', 'p1', ['t1'])] });
    expectIssue(
      published,
      'tables.0.columns',
      'logical replication of UPDATE/DELETE needs a primary key or replica identity',
    );
    expectValid(cluster({ tables: [table('t1', false)] }));
  });

  it('allows a composite primary key', () => {
    const composite = {
      name: 't1',
      columns: [
        { name: 'a', type: 'integer', primaryKey: true },
        { name: 'b', type: 'integer', primaryKey: true },
      ],
    };
    expectValid(cluster({ tables: [composite], publications: [pub('vm1', 'p1', ['t1'])] }));
  });
});

describe('rule 5: publications', () => {
  it('flags unknown nodes and tables', () => {
    const input = cluster({ publications: [pub('vm9', 'p1', ['t1', 'nope'])] });
    expectIssue(input, 'publications.0.node', 'there is no node named vm9');
    expectIssue(input, 'publications.0.tables.1', 'there is no table named nope');
  });

  it('flags a duplicate name on one node but not on different nodes', () => {
    const input = cluster({ publications: [pub('vm1', 'p1', ['t1']), pub('vm1', 'p1', ['t2'])] });
    expectIssue(input, 'publications.1.name', 'vm1 already has a publication named p1');
    expectValid(cluster({ publications: [pub('vm1', 'p1', ['t1']), pub('vm2', 'p1', ['t2'])] }));
  });

  it('flags a table listed twice', () => {
    expectIssue(
      cluster({ publications: [pub('vm1', 'p1', ['t1', 't1'])] }),
      'publications.0.tables.1',
      'listed twice',
    );
  });

  it('flags a publication on a standby', () => {
    const input = cluster({
      publications: [pub('vm2', 'p1', ['t1'])],
      standbys: [{ node: 'vm2', upstream: 'vm1' }],
    });
    expectIssue(input, 'publications.0.node', 'vm2 is a standby of vm1, and a standby is read-only');
    expectIssue(input, 'standbys.0.node', 'publications.0');
  });
});

describe('rule 6: subscriptions', () => {
  const published = [pub('vm1', 'p1', ['t1']), pub('vm1', 'p2', ['t2'])];

  it('accepts a plain subscription', () => {
    expectValid(cluster({ publications: published, subscriptions: [sub('vm2', 's1', 'vm1', ['p1', 'p2'])] }));
  });

  it('flags unknown nodes, unknown publishers and self-subscription', () => {
    const input = cluster({
      publications: published,
      subscriptions: [
        sub('vm9', 's1', 'vm1', ['p1']),
        sub('vm2', 's2', 'vm8', ['p1']),
        sub('vm1', 's3', 'vm1', ['p1']),
      ],
    });
    expectIssue(input, 'subscriptions.0.node', 'there is no node named vm9');
    expectIssue(input, 'subscriptions.1.publisher', 'there is no node named vm8');
    expectIssue(input, 'subscriptions.2.publisher', 'vm1 cannot subscribe to itself');
  });

  it('flags a publication the publisher does not have and lists what it has', () => {
    const input = cluster({
      publications: published,
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1', 'p3']), sub('vm3', 's1', 'vm2', ['p1'])],
    });
    expectIssue(
      input,
      'subscriptions.0.publications.1',
      'vm1 has no publication named p3; vm1 publishes p1, p2',
    );
    expectIssue(input, 'subscriptions.1.publications.0', 'vm2 has no publications yet');
  });

  it('flags a duplicate subscription name on one node', () => {
    const input = cluster({
      publications: published,
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1']), sub('vm2', 's1', 'vm1', ['p2'])],
    });
    expectIssue(input, 'subscriptions.1.name', 'vm2 already has a subscription named s1');
  });

  it('flags two nodes using one subscription name on the same publisher', () => {
    const input = cluster({
      publications: published,
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1']), sub('vm3', 's1', 'vm1', ['p1'])],
    });
    expectIssue(
      input,
      'subscriptions.1.name',
      'subscription names become slot names on the publisher; rename one',
    );
  });

  it('allows one subscription name on different publishers', () => {
    const input = cluster({
      publications: [...published, pub('vm2', 'p9', ['t2'])],
      subscriptions: [sub('vm3', 's1', 'vm1', ['p1']), sub('vm4', 's1', 'vm2', ['p9'])],
    });
    expectValid(input);
  });

  it('flags a subscription on a standby', () => {
    const input = cluster({
      publications: published,
      subscriptions: [sub('vm3', 's1', 'vm1', ['p1'])],
      standbys: [{ node: 'vm3', upstream: 'vm2' }],
    });
    expectIssue(input, 'subscriptions.0.node', 'vm3 is a standby');
    expectIssue(input, 'standbys.0.node', 'subscriptions.0');
  });

  it('flags subscribing twice to one publication', () => {
    const twice = cluster({
      publications: published,
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1']), sub('vm2', 's2', 'vm1', ['p1', 'p2'])],
    });
    expectIssue(
      twice,
      'subscriptions.1.publications.0',
      'vm2 already receives p1 from vm1 through subscriptions.0',
    );
    const listedTwice = cluster({
      publications: published,
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1', 'p1'])],
    });
    expectIssue(listedTwice, 'subscriptions.0.publications.1', 'listed twice');
  });

  it('allows one table from two publishers, and re-publishing a received table', () => {
    const input = cluster({
      publications: [pub('vm1', 'p1', ['t1']), pub('vm2', 'p2', ['t1']), pub('vm3', 'p3', ['t1'])],
      subscriptions: [
        sub('vm3', 's1', 'vm1', ['p1']),
        sub('vm3', 's2', 'vm2', ['p2']),
        sub('vm4', 's3', 'vm3', ['p3']),
      ],
    });
    expectValid(input);
  });
});

describe('rule 7: origin', () => {
  const input = (postgresVersion: number) =>
    cluster({
      postgresVersion,
      publications: [pub('vm1', 'p1', ['t1'])],
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1'], 'none')],
    });

  it('needs PostgreSQL 16 for origin = none', () => {
    expectIssue(input(15), 'subscriptions.0.origin', 'needs PostgreSQL 16 or newer');
    expectValid(input(16));
  });
});

describe('rule 8: insert loops', () => {
  const twoWay = (postgresVersion: number, origins: Array<'any' | 'none' | undefined>) =>
    cluster({
      postgresVersion,
      publications: [pub('vm1', 'p1', ['t1']), pub('vm2', 'p2', ['t1'])],
      subscriptions: [
        sub('vm2', 's1', 'vm1', ['p1'], origins[0]),
        sub('vm1', 's2', 'vm2', ['p2'], origins[1]),
      ],
    });

  it('does not see a loop in the example, where the tables differ', () => {
    expectValid(example);
  });

  it('rejects a loop on PostgreSQL 15', () => {
    const input = twoWay(15, []);
    expectIssue(
      input,
      'subscriptions.0',
      'table t1 would loop vm1 → vm2 → vm1: PostgreSQL 15 has no origin = none',
    );
    expectIssue(input, 'subscriptions.1', 'table t1 would loop vm2 → vm1 → vm2');
  });

  it('on PostgreSQL 16 needs origin none on every subscription in the loop', () => {
    expectIssue(twoWay(16, []), 'subscriptions.0', "set origin: 'none'");
    const half = twoWay(16, ['none', 'any']);
    expect(messagesAt(half, 'subscriptions.0')).toEqual([]);
    expectIssue(half, 'subscriptions.1', "table t1 would loop vm2 → vm1 → vm2: set origin: 'none'");
    expectValid(twoWay(16, ['none', 'none']));
  });

  it('finds a three-node loop', () => {
    const input = cluster({
      postgresVersion: 15,
      publications: [pub('vm1', 'p1', ['t1']), pub('vm2', 'p2', ['t1']), pub('vm3', 'p3', ['t1'])],
      subscriptions: [
        sub('vm2', 's1', 'vm1', ['p1']),
        sub('vm3', 's2', 'vm2', ['p2']),
        sub('vm1', 's3', 'vm3', ['p3']),
      ],
    });
    expectIssue(input, 'subscriptions.0', 'vm1 → vm2 → vm3 → vm1');
  });

  it('allows a chain that does not come back', () => {
    const input = cluster({
      postgresVersion: 15,
      publications: [pub('vm1', 'p1', ['t1']), pub('vm2', 'p2', ['t1'])],
      subscriptions: [sub('vm2', 's1', 'vm1', ['p1']), sub('vm3', 's2', 'vm2', ['p2'])],
    });
    expectValid(input);
  });
});

describe('rule 9: standbys', () => {
  it('accepts a three-level cascade vm3 ← vm4 ← vm5 and orders upstreams first', () => {
    const input = cluster({
      standbys: [
        { node: 'vm5', upstream: 'vm4' },
        { node: 'vm4', upstream: 'vm3' },
      ],
    });
    const result = validateTopology(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(standbyOrder(result.topology).map((s) => s.node)).toEqual(['vm4', 'vm5']);
  });

  it('flags unknown nodes and upstreams', () => {
    const input = cluster({
      standbys: [
        { node: 'vm9', upstream: 'vm1' },
        { node: 'vm2', upstream: 'vm8' },
      ],
    });
    expectIssue(input, 'standbys.0.node', 'there is no node named vm9');
    expectIssue(input, 'standbys.1.upstream', 'there is no node named vm8');
  });

  it('flags a standby of itself', () => {
    expectIssue(
      cluster({ standbys: [{ node: 'vm4', upstream: 'vm4' }] }),
      'standbys.0.upstream',
      'vm4 cannot be a standby of itself',
    );
  });

  it('flags a node listed as a standby twice', () => {
    const input = cluster({
      standbys: [
        { node: 'vm4', upstream: 'vm1' },
        { node: 'vm4', upstream: 'vm2' },
      ],
    });
    expectIssue(input, 'standbys.1.node', 'vm4 is already a standby (standbys.0)');
  });

  it('reports every standby in a cycle', () => {
    const input = cluster({
      standbys: [
        { node: 'vm3', upstream: 'vm4' },
        { node: 'vm4', upstream: 'vm3' },
        { node: 'vm5', upstream: 'vm4' },
      ],
    });
    expectIssue(input, 'standbys.0.upstream', 'cycle vm3 → vm4 → vm3');
    expectIssue(input, 'standbys.1.upstream', 'cycle vm4 → vm3 → vm4');
    expect(messagesAt(input, 'standbys.2.upstream')).toEqual([]);
  });

  it('flags one slot used twice on the same upstream, not on different upstreams', () => {
    const clash = cluster({
      standbys: [
        { node: 'vm2', upstream: 'vm1', slot: 's' },
        { node: 'vm3', upstream: 'vm1', slot: 's' },
      ],
    });
    expectIssue(clash, 'standbys.1.slot', 'slot s on vm1 is already used by vm2');
    expectValid(
      cluster({
        standbys: [
          { node: 'vm2', upstream: 'vm1', slot: 's' },
          { node: 'vm4', upstream: 'vm3', slot: 's' },
        ],
      }),
    );
  });

  it('flags a slot named like a subscription on the same upstream', () => {
    const input = cluster({
      publications: [pub('vm1', 'p1', ['t1'])],
      subscriptions: [sub('vm2', 'sub_a', 'vm1', ['p1'])],
      standbys: [{ node: 'vm3', upstream: 'vm1', slot: 'sub_a' }],
    });
    expectIssue(input, 'standbys.0.slot', 'clashes with subscription sub_a');
  });
});

describe('rules 10–12: names and cluster', () => {
  it('reserves the pgcascade prefix for given names', () => {
    const input = cluster({
      tables: [table('pgcascade_t')],
      publications: [pub('vm1', 'pgcascade_p', ['pgcascade_t'])],
      subscriptions: [sub('vm2', 'pgcascade_s', 'vm1', ['pgcascade_p'])],
      standbys: [{ node: 'vm3', upstream: 'vm1', slot: 'pgcascade_slot' }],
    });
    for (const path of ['tables.0.name', 'publications.0.name', 'subscriptions.0.name', 'standbys.0.slot']) {
      expectIssue(input, path, 'reserved for the panel');
    }
  });

  it('allows the generated default slot', () => {
    expectValid(cluster({ standbys: [{ node: 'vm3', upstream: 'vm1' }] }));
  });

  it.each(['postgres', 'template0', 'template1'])('rejects database %s', (database) => {
    expectIssue(cluster({ database }), 'database', 'choose another database name');
  });

  it('needs at least one node that is not a standby', () => {
    const input: TopologyInput = cluster({
      nodes: [
        { name: 'vm1', port: 1 },
        { name: 'vm2', port: 2 },
      ],
      standbys: [
        { node: 'vm1', upstream: 'vm2' },
        { node: 'vm2', upstream: 'vm1' },
      ],
    });
    expectIssue(input, 'nodes', 'at least one node must be a primary');
  });
});
