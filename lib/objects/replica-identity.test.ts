import { describe, expect, it } from 'vitest';
import { validateTopology, type Topology } from '@/lib/topology';
import { compilePlan } from '@/lib/plan';
import { publication } from './publication';
import { replicaIdentity } from './replica-identity';

const base = {
  name: 'c',
  provider: 'local',
  postgresVersion: 15,
  database: 'app',
  tables: [{ name: 'events', columns: [{ name: 'at', type: 'timestamptz' }, { name: 'what', type: 'text' }] }],
  nodes: [{ name: 'vm1', port: 5432 }, { name: 'vm2', port: 5433 }],
  subscriptions: [{ node: 'vm2', name: 'sub_events', publisher: 'vm1', publications: ['pub_events'] }],
};
const layout = { kind: 'local' as const, binDir: '/usr/lib/postgresql/15/bin', root: '/srv/c', runAs: 'postgres' };

describe('tables without a primary key', () => {
  it('refuses UPDATE/DELETE publishing without an identity, and explains the cost of each choice', () => {
    const result = validateTopology({ ...base, publications: [{ node: 'vm1', name: 'pub_events', tables: ['events'] }] });
    expect(result.ok).toBe(false);
    const message = !result.ok ? (result.errors.find((e) => e.path === 'tables.0.columns')?.message ?? '') : '';
    expect(message).toMatch(/"full" \} \(every UPDATE\/DELETE logs the whole old row/);
    expect(message).toMatch(/"index": "<unique index>" \} \} \(as cheap as a key/);
    expect(message).toMatch(/publish: \["insert"\] \(insert-only/);
  });

  it('accepts REPLICA IDENTITY FULL, a unique index, or insert-only publishing', () => {
    for (const pub of [
      { replicaIdentity: { events: 'full' } },
      { replicaIdentity: { events: { index: 'events_at' } } },
      { publish: ['insert'] },
    ]) {
      const result = validateTopology({ ...base, publications: [{ node: 'vm1', name: 'pub_events', tables: ['events'], ...pub }] });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
    const stray = validateTopology({ ...base, publications: [{ node: 'vm1', name: 'pub_events', tables: ['events'], publish: ['insert'], replicaIdentity: { other: 'full' } }] });
    expect(!stray.ok && stray.errors.map((e) => e.path)).toEqual(['publications.0.replicaIdentity.other']);
  });

  it('plans the identity on the publisher and the publish option on its publication', () => {
    const v = validateTopology({ ...base, publications: [{ node: 'vm1', name: 'pub_events', tables: ['events'], replicaIdentity: { events: 'full' }, publish: ['insert', 'update', 'delete'] }] });
    const t = (v as { topology: Topology }).topology;
    const steps = compilePlan(t, { layout }).steps;
    const identity = steps.find((s) => s.id === 'vm1/set-replica-identity/public.events');
    expect(identity?.commands).toEqual([{ type: 'sql', database: 'app', sql: 'ALTER TABLE public."events" REPLICA IDENTITY FULL' }]);
    expect(steps.findIndex((s) => s === identity)).toBeLessThan(steps.findIndex((s) => s.id === 'vm1/create-publication/pub_events'));
    const pub = steps.find((s) => s.id === 'vm1/create-publication/pub_events')!;
    expect(pub.commands[0]).toMatchObject({ sql: `CREATE PUBLICATION "pub_events" FOR TABLE public."events" WITH (publish = 'insert, update, delete')` });
    // The diff compares what it publishes.
    const change = publication.diff(pub.params, { tables: ['events'], rowFilter: null, operations: ['insert', 'update', 'delete', 'truncate'] }, {});
    expect(change?.commands.map((c) => (c.type === 'sql' ? c.sql : ''))).toEqual([`ALTER PUBLICATION "pub_events" SET (publish = 'insert, update, delete')`]);
    expect(replicaIdentity.diff(identity!.params, { exists: true, identity: 'full' }, {})).toBeNull();
    expect(replicaIdentity.diff(identity!.params, { exists: true, identity: 'nothing' }, {})?.reason).toMatch(/is nothing, should be FULL/);
  });
});
