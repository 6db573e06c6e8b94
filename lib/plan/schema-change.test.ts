import { describe, expect, it } from 'vitest';
import { compileSchemaChange } from './schema-change';
import { ddlOrder } from './schema-order';
import { cascade, fourNode, valid } from './test-topologies';
import { needsOf } from './graph';
import type { Topology } from '@/lib/topology/schema';

const ADD = `ALTER TABLE test ADD COLUMN note text DEFAULT 'x'; CREATE TABLE audit(id bigserial primary key, msg text)`;

describe('ddlOrder', () => {
  it('four-node: vm3 subscribes to the vm1 <-> vm2 cycle; vm4 is a standby and gets no step', () => {
    expect(ddlOrder(fourNode(), 'subscribers-first')).toEqual({ nodes: ['vm3', 'vm1', 'vm2'], cycles: [['vm1', 'vm2']] });
    expect(ddlOrder(fourNode(), 'publishers-first')).toEqual({ nodes: ['vm1', 'vm2', 'vm3'], cycles: [['vm1', 'vm2']] });
  });

  it('cascade: the subscriber before its publisher; the standbys below it get none', () => {
    expect(ddlOrder(cascade(), 'subscribers-first').nodes).toEqual(['vm2', 'vm1']);
    expect(ddlOrder(cascade(), 'publishers-first').nodes).toEqual(['vm1', 'vm2']);
  });

  it('a chain a → b → c and a lone node: every subscriber before its publisher, whatever the node order', () => {
    const t = valid({
      name: 'chain', provider: 'local', postgresVersion: 16, database: 'app',
      tables: [{ name: 't', columns: [{ name: 'id', type: 'integer', primaryKey: true }] }],
      nodes: [{ name: 'c', port: 1 }, { name: 'lone', port: 2 }, { name: 'a', port: 3 }, { name: 'b', port: 4 }],
      publications: [{ node: 'a', name: 'pa', tables: ['t'] }, { node: 'b', name: 'pb', tables: ['t'] }],
      subscriptions: [{ node: 'b', name: 'sb', publisher: 'a', publications: ['pa'] }, { node: 'c', name: 'sc', publisher: 'b', publications: ['pb'] }],
    });
    const order = ddlOrder(t, 'subscribers-first').nodes;
    expect(order).toHaveLength(4);
    for (const s of t.subscriptions) expect(order.indexOf(s.node)).toBeLessThan(order.indexOf(s.publisher));
    const back = ddlOrder(t, 'publishers-first').nodes;
    for (const s of t.subscriptions) expect(back.indexOf(s.publisher)).toBeLessThan(back.indexOf(s.node));
  });
});

describe('compileSchemaChange', () => {
  const plan = (t: Topology, sql: string, publish?: Array<{ publication: string; tables: string[] }>) => {
    const r = compileSchemaChange(t, { sql, ...(publish ? { publish } : {}) });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r;
  };

  it('plans the additive change subscribers first, publishes, refreshes every subscriber of the publication, then checks every node', () => {
    const r = plan(fourNode(), ADD, [{ publication: 'my_pub_test', tables: ['audit'] }]);
    expect(r.kind).toBe('additive');
    expect(r.plan.steps.map((s) => s.id)).toEqual([
      'vm3/run-ddl', 'vm1/run-ddl', 'vm2/run-ddl',
      'vm1/publish-tables/my_pub_test',
      'vm2/refresh-subscription/my_sub_test', 'vm3/refresh-subscription/sub_test_vm1',
      'vm2/wait-sync', 'vm3/wait-sync',
      '*/verify-schema',
    ]);
    const needs = needsOf(r.plan);
    expect(needs.get('vm1/run-ddl')).toEqual(['vm3/run-ddl']);
    expect(needs.get('vm1/publish-tables/my_pub_test')).toEqual(['vm2/run-ddl']);
    expect(needs.get('vm3/refresh-subscription/sub_test_vm1')).toEqual(['vm2/run-ddl', 'vm1/publish-tables/my_pub_test']);
    // Every statement that runs is in the plan, with its probe.
    const ddl = r.plan.steps[0]!;
    expect(ddl.commands.map((c) => c.type === 'sql' && c.sql)).toEqual([`ALTER TABLE test ADD COLUMN note text DEFAULT 'x'`, 'CREATE TABLE audit(id bigserial primary key, msg text)']);
    expect(r.plan.steps.find((s) => s.kind === 'publish-tables')!.commands.map((c) => c.type === 'sql' && c.sql)).toEqual([
      'GRANT USAGE ON SCHEMA public TO "pgcascade_logical"',
      'GRANT SELECT ON public."audit" TO "pgcascade_logical"',
      'ALTER PUBLICATION "my_pub_test" ADD TABLE public."audit"',
    ]);
    expect(r.plan.steps.at(-1)!.params).toEqual({ kind: 'verify-schema', database: 'technolabels', tables: ['public.audit', 'public.test'], dropped: [], nodes: ['vm1', 'vm2', 'vm3', 'vm4'] });
    expect(r.plan.steps.some((s) => s.node === 'vm4')).toBe(false);
    expect(r.plan.steps.some((s) => s.destructive)).toBe(false);
  });

  it('saves the published table and the declared table\'s new column in the topology', () => {
    const t = plan(fourNode(), ADD, [{ publication: 'my_pub_test', tables: ['public.audit'] }]).plan.topology!;
    expect(t.publications.find((p) => p.name === 'my_pub_test')!.tables).toEqual(['test', 'public.audit']);
    expect(t.tables.find((x) => x.name === 'test')!.columns.map((c) => c.name)).toEqual(['id', 'data', 'note']);
  });

  it('plans a removing change publishers first, destructive, with the cycle\'s warning', () => {
    const r = plan(fourNode(), 'ALTER TABLE test2 DROP COLUMN data');
    expect(r.plan.steps.filter((s) => s.kind === 'run-ddl').map((s) => s.node)).toEqual(['vm1', 'vm2', 'vm3']);
    expect(r.plan.steps[0]!.destructive).toMatch(/vm1 and vm2 replicate to each other, so stop writing/);
    expect(r.plan.topology!.tables.find((x) => x.name === 'test2')!.columns.map((c) => c.name)).toEqual(['id']);
  });

  it('a dropped published table leaves the topology and its subscribers refresh', () => {
    const t = valid({ ...cascade(), tables: [...cascade().tables, { name: 'extra', columns: [{ name: 'id', type: 'integer', primaryKey: true }] }], publications: [{ node: 'vm1', name: 'pub_items', tables: ['items', 'extra'] }] });
    const r = plan(t, 'DROP TABLE extra');
    expect(r.plan.steps.map((s) => s.id)).toEqual(['vm1/run-ddl', 'vm2/run-ddl', 'vm2/refresh-subscription/sub_items', 'vm2/wait-sync', '*/verify-schema']);
    expect(r.plan.topology!.publications[0]!.tables).toEqual(['items']);
    expect(r.plan.topology!.tables.map((x) => x.name)).toEqual(['items']);
    expect(r.plan.steps.at(-1)!.params).toMatchObject({ tables: [], dropped: ['public.extra'], nodes: ['vm1', 'vm2', 'vm3', 'vm4', 'vm5'] });
  });

  it('refuses with the reason at its field and plans nothing', () => {
    const refused = (sql: string, publish?: Array<{ publication: string; tables: string[] }>) => {
      const r = compileSchemaChange(fourNode(), { sql, ...(publish ? { publish } : {}) });
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.issues;
    };
    expect(refused('ALTER TABLE test ALTER COLUMN data TYPE text')).toEqual([{ path: 'sql', message: expect.stringMatching(/^statement 1 .* is refused: public\.test is replicated/) }]);
    expect(refused("SELECT 'x")).toEqual([{ path: 'sql', message: expect.stringContaining('could not be read: unterminated string') }]);
    expect(refused('-- nothing')).toEqual([{ path: 'sql', message: expect.stringContaining('no statement') }]);
    expect(refused('CREATE TABLE a (id int); DROP TABLE b')).toEqual([{ path: 'sql', message: expect.stringContaining('two changes') }]);
    expect(refused('CREATE TABLE a (id int primary key)', [{ publication: 'nope', tables: ['a'] }])).toEqual([{ path: 'publish.0.publication', message: expect.stringContaining('no publication nope') }]);
    expect(refused('CREATE TABLE a (id int primary key)', [{ publication: 'my_pub_test', tables: ['a', 'public.test'] }])).toEqual([{ path: 'publish.0.tables.1', message: 'my_pub_test already publishes public.test' }]);
    expect(refused('DROP TABLE test')).toEqual([{ path: 'sql', message: expect.stringContaining('my_pub_test would publish nothing') }]);
  });
});
