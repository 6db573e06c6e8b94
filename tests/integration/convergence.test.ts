import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { eventually, psql } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';
import { family } from './helpers/topology-family';

const PORT = 3117;

type Topology = { nodes: Array<{ name: string; port: number }> } & Record<string, unknown>;

const TYPED_VALUES = "1.5, 9007199254740993, 2.25, true, '2026-12-01 10:00:00+00', '2026-12-01', '{\"a\": [1, 2]}', '\\xdeadbeef', '{x,y}', '10.77.0.1', '1 day 2 hours', 'code-1'";

function insertSql(table: string, marker: string): string {
  if (table === 'typed') return `INSERT INTO typed (id, data, n, big, f, flag, at, day, doc, raw, tags, addr, span, code) VALUES (gen_random_uuid(), '${marker}', ${TYPED_VALUES})`;
  return `INSERT INTO ${table} (data) VALUES ('${marker}')`;
}

async function apply(panel: PanelServer, id: string, topology: unknown, confirm = false): Promise<JobView> {
  const res = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply${confirm ? '?confirmDestructive=true' : ''}`, topology);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitForJob(panel.url, res.body.jobId);
  expect(failedSteps(job), job.error ?? '').toEqual([]);
  expect(job.status).toBe('succeeded');
  return job;
}

const changed = (job: JobView) => job.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`);

async function drift(panel: PanelServer, id: string): Promise<string[]> {
  const res = await api<{ drift: Array<{ stepId: string; what: string }>; error: string | null }>(panel.url, 'POST', `/api/clusters/${id}/drift`);
  expect(res.body.error).toBeNull();
  return res.body.drift.map((d) => `${d.stepId}: ${d.what}`);
}

describe('convergence: a family of topologies, each applied, applied again and checked for drift', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;

  beforeAll(async () => {
    panel = await startPanel(PORT, dataDir);
  });
  afterAll(async () => removePanel(panel, dataDir));

  for (const [name, member] of Object.entries(family)) {
    it(name, async () => {
      const t = member.topology as Topology;
      const { id, root } = await applyLocalCluster(panel, t);
      const port = (node: string) => t.nodes.find((n) => n.name === node)!.port;
      const q = (node: string, sql: string) => psql(root, node, port(node), 'app', sql);
      try {
        for (const flow of member.flows) {
          const marker = `row-${randomUUID().slice(0, 8)}`;
          q(flow.from, insertSql(flow.table, marker));
          const source = q(flow.from, `SELECT md5(t::text) FROM ${flow.table} t WHERE data = '${marker}'`);
          for (const to of flow.to) await eventually(() => q(to, `SELECT md5(t::text) FROM ${flow.table} t WHERE data = '${marker}'`), (v) => v === source, 30_000);
        }
        expect(changed(await apply(panel, id, undefined))).toEqual([]);
        expect(await drift(panel, id)).toEqual([]);
      } finally {
        const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`);
        if (destroyed.status === 202) await waitForJob(panel.url, destroyed.body.jobId, 120_000);
      }
    });
  }
});

describe('convergence: transitions on one live cluster, rows flowing before and after', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';
  const t0 = {
    name: 'transitions',
    provider: 'local',
    postgresVersion: 15,
    database: 'app',
    tables: [
      { name: 'items', columns: [{ name: 'id', type: 'bigserial', primaryKey: true }, { name: 'data', type: 'text' }] },
      { name: 'notes', columns: [{ name: 'id', type: 'bigserial', primaryKey: true }, { name: 'data', type: 'text' }] },
    ],
    nodes: [
      { name: 'n1', port: 55781 },
      { name: 'n2', port: 55782 },
      { name: 'n3', port: 55783 },
      { name: 'n4', port: 55784 },
    ],
    publications: [{ node: 'n1', name: 'pub_items', tables: ['items'] }],
    subscriptions: [
      { node: 'n2', name: 'sub_n2', publisher: 'n1', publications: ['pub_items'] },
      { node: 'n3', name: 'sub_n3', publisher: 'n1', publications: ['pub_items'] },
    ],
    standbys: [{ node: 'n4', upstream: 'n2' }],
  };
  let current: typeof t0 = t0;
  const ports: Record<string, number> = { n1: 55781, n2: 55782, n3: 55783, n4: 55784, n5: 55785, n6: 55786 };
  const q = (node: string, sql: string, db = 'app') => psql(root, node, ports[node]!, db, sql);
  const flows = async (table: string, to: string[]) => {
    const marker = `row-${randomUUID().slice(0, 8)}`;
    q('n1', `INSERT INTO ${table} (data) VALUES ('${marker}')`);
    for (const node of to) await eventually(() => q(node, `SELECT count(*) FROM ${table} WHERE data = '${marker}'`), (v) => v === '1', 30_000);
  };
  const slots = () => q('n1', 'SELECT coalesce(string_agg(slot_name, \',\' ORDER BY slot_name), \'\') FROM pg_replication_slots', 'postgres');

  /** Apply a changed topology: refused while destructive and unconfirmed, then converged: a second apply and drift find nothing. */
  async function transition(next: typeof t0, destructive: string[]) {
    const refused = await api<{ destructive?: Array<{ stepId: string; cost: string }> }>(panel.url, 'POST', `/api/clusters/${id}/apply`, next);
    if (destructive.length > 0) {
      expect(refused.status).toBe(409);
      expect(refused.body.destructive?.map((d) => d.stepId).sort()).toEqual([...destructive].sort());
      expect(refused.body.destructive?.every((d) => d.cost.length > 10)).toBe(true);
      await apply(panel, id, next, true);
    } else {
      expect(refused.status, JSON.stringify(refused.body)).toBe(202);
      const job = await waitForJob(panel.url, (refused.body as unknown as { jobId: string }).jobId);
      expect(failedSteps(job), job.error ?? '').toEqual([]);
    }
    current = next;
    expect(changed(await apply(panel, id, undefined))).toEqual([]);
    expect(await drift(panel, id)).toEqual([]);
  }

  beforeAll(async () => {
    panel = await startPanel(PORT + 1, dataDir);
    ({ id, root } = await applyLocalCluster(panel, t0));
  });
  afterAll(async () => {
    if (id) {
      const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`).catch(() => null);
      if (destroyed?.status === 202) await waitForJob(panel.url, destroyed.body.jobId, 120_000).catch(() => undefined);
    }
    await removePanel(panel, dataDir);
  });

  it('adds a node', async () => {
    await flows('items', ['n2', 'n3', 'n4']);
    await transition({ ...current, nodes: [...current.nodes, { name: 'n5', port: 55785 }], subscriptions: [...current.subscriptions, { node: 'n5', name: 'sub_n5', publisher: 'n1', publications: ['pub_items'] }] }, []);
    await flows('items', ['n2', 'n3', 'n4', 'n5']);
  });

  it('adds a table to a publication, and its subscribers receive it (REFRESH PUBLICATION)', async () => {
    await transition({ ...current, publications: [{ node: 'n1', name: 'pub_items', tables: ['items', 'notes'] }] }, []);
    await flows('notes', ['n2', 'n3', 'n4', 'n5']);
    expect(q('n3', "SELECT string_agg(srrelid::regclass::text, ',' ORDER BY srrelid::regclass::text) FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname = 'sub_n3'")).toBe('items,notes,pgcascade_heartbeat');
  });

  it('removes a table from a publication', async () => {
    await transition({ ...current, publications: [{ node: 'n1', name: 'pub_items', tables: ['items'] }] }, []);
    expect(q('n3', "SELECT string_agg(srrelid::regclass::text, ',' ORDER BY srrelid::regclass::text) FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname = 'sub_n3'")).toBe('items,pgcascade_heartbeat');
    await flows('items', ['n2', 'n3', 'n4', 'n5']);
  });

  it('removes a subscription: it is gone from its node and its slot from the publisher', async () => {
    expect(slots()).toContain('sub_n3');
    await transition({ ...current, subscriptions: current.subscriptions.filter((s) => s.name !== 'sub_n3') }, ['n3/drop-subscription/sub_n3', 'n1/drop-slot/sub_n3']);
    expect(q('n3', "SELECT count(*) FROM pg_subscription WHERE subname = 'sub_n3'")).toBe('0');
    expect(slots()).not.toContain('sub_n3');
    await flows('items', ['n2', 'n4', 'n5']);
  });

  it('moves a standby to another upstream of its lineage without re-cloning it', async () => {
    await transition({ ...current, nodes: [...current.nodes, { name: 'n6', port: 55786 }], standbys: [...current.standbys, { node: 'n6', upstream: 'n2' }] }, []);
    const started = q('n4', 'SELECT pg_postmaster_start_time()', 'postgres');
    await transition({ ...current, standbys: [{ node: 'n4', upstream: 'n6' }, { node: 'n6', upstream: 'n2' }] }, ['n2/drop-slot/pgcascade_n4']);
    await eventually(() => q('n4', 'SELECT sender_port FROM pg_stat_wal_receiver', 'postgres'), (v) => v === '55786', 30_000);
    expect(q('n4', 'SELECT pg_postmaster_start_time()', 'postgres')).toBe(started);
    expect(psql(root, 'n2', ports.n2!, 'postgres', "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pgcascade_n4'")).toBe('0');
    await flows('items', ['n2', 'n4', 'n6']);
  });

  it('removes a standby: stopped, its cluster removed, its slot gone from its upstream', async () => {
    await transition({ ...current, nodes: current.nodes.filter((n) => n.name !== 'n4'), standbys: current.standbys.filter((s) => s.node !== 'n4') }, ['n4/stop-node', 'n4/remove-node', 'n6/drop-slot/pgcascade_n4']);
    expect(psql(root, 'n6', ports.n6!, 'postgres', "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'pgcascade_n4'")).toBe('0');
    await flows('items', ['n2', 'n6']);
  });

  it('removes a node: its subscription slot is gone from the publisher and its cluster removed', async () => {
    await transition({ ...current, nodes: current.nodes.filter((n) => n.name !== 'n5'), subscriptions: current.subscriptions.filter((s) => s.node !== 'n5') }, ['n1/drop-slot/sub_n5', 'n5/stop-node', 'n5/remove-node']);
    expect(slots()).not.toContain('sub_n5');
    await flows('items', ['n2', 'n6']);
  });

  it('refuses to turn a standby into a primary by a topology edit, with nothing changed', async () => {
    const res = await api<{ errors: Array<{ path: string; message: string }> }>(panel.url, 'POST', `/api/clusters/${id}/apply?confirmDestructive=true`, { ...current, standbys: [] });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.message).toMatch(/Failover or Switchover/);
  });
});
