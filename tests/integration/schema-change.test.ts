import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob } from './helpers/api';
import { eventually, psql } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';
import example from '../../examples/four-node.local.json';

// Ports of this file only (grep the other tests before changing them).
const ports = { vm1: 56701, vm2: 56702, vm3: 56703 } as const;
const PANEL_PORT = 3471;

const topology = {
  name: 'schema-change',
  provider: 'local',
  postgresVersion: 15,
  database: 'app',
  tables: [{ name: 'test', columns: [{ name: 'id', type: 'serial', primaryKey: true }, { name: 'data', type: 'text' }] }],
  nodes: Object.entries(ports).map(([name, port]) => ({ name, port })),
  publications: [{ node: 'vm1', name: 'pub_test', tables: ['test'] }],
  subscriptions: [{ node: 'vm2', name: 'sub_test', publisher: 'vm1', publications: ['pub_test'] }],
  standbys: [{ node: 'vm3', upstream: 'vm2' }],
};

const ADD = `ALTER TABLE test ADD COLUMN note text DEFAULT 'x'; CREATE TABLE audit(id bigserial primary key, msg text)`;

interface Answer {
  jobId?: string;
  kind?: string;
  order?: string[];
  plan?: { steps: Array<{ id: string; node: string; kind: string; commands: string[] }> };
  errors?: Array<{ path: string; message: string }>;
}

describe('schema changes across a publisher, its subscriber and the subscriber\'s standby', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';
  const on = (node: keyof typeof ports, sql: string) => psql(root, node, ports[node], 'app', sql);
  const change = (body: unknown, query = '') => api<Answer>(panel.url, 'POST', `/api/clusters/${id}/schema-change${query}`, body);
  const columns = (node: keyof typeof ports, table: string) =>
    on(node, `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = to_regclass('public.${table}') AND attnum > 0 AND NOT attisdropped`);

  beforeAll(async () => {
    panel = await startPanel(PANEL_PORT, dataDir);
    ({ id, root } = await applyLocalCluster(panel, topology));
    on('vm1', "INSERT INTO test (data) VALUES ('before 1'), ('before 2')");
    await eventually(() => on('vm3', 'SELECT count(*) FROM test'), (v) => v === '2', 30_000);
  });
  afterAll(() => removePanel(panel, dataDir));

  it('refuses bad input with 422 at its field, and runs nothing', async () => {
    const empty = await change({ sql: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ path: 'sql', message: expect.stringContaining('empty') }]);
    const unreadable = await change({ sql: "CREATE TABLE t (a text DEFAULT 'open)" });
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.errors?.[0]).toMatchObject({ path: 'sql', message: expect.stringContaining('unterminated string') });
    const unknown = await change({ sql: ADD, publish: [{ publication: 'no_such_pub', tables: ['public.audit'] }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'publish.0.publication', message: expect.stringContaining('no publication no_such_pub') }]);
    expect(on('vm1', "SELECT to_regclass('public.audit') IS NULL")).toBe('t');
  });

  it('shows the plan of a dry run without running it', async () => {
    const dry = await change({ sql: ADD, publish: [{ publication: 'pub_test', tables: ['public.audit'] }] }, '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.jobId).toBeUndefined();
    expect(dry.body.order).toEqual(['vm2', 'vm1']);
    expect(dry.body.plan?.steps.map((s) => s.id)).toEqual(['vm2/run-ddl', 'vm1/run-ddl', 'vm1/publish-tables/pub_test', 'vm2/refresh-subscription/sub_test', 'vm2/wait-sync', '*/verify-schema']);
    expect(dry.body.plan?.steps[0]?.commands.join('\n')).toContain("ALTER TABLE test ADD COLUMN note text DEFAULT 'x';");
    expect(columns('vm1', 'test')).toBe('id integer, data text');
  });

  it('runs an additive change subscriber first, publishes the new table, and rows with both arrive on the subscriber and its standby', async () => {
    const queued = await change({ sql: ADD, publish: [{ publication: 'pub_test', tables: ['public.audit'] }] });
    expect(queued.status).toBe(202);
    const job = await waitForJob(panel.url, queued.body.jobId as string);
    expect(failedSteps(job)).toEqual([]);
    expect(job.status).toBe('succeeded');
    expect(job.steps.map((s) => `${s.id}=${s.status}`)).toEqual([
      'vm2/run-ddl=changed', 'vm1/run-ddl=changed', 'vm1/publish-tables/pub_test=changed', 'vm2/refresh-subscription/sub_test=changed', 'vm2/wait-sync=unchanged', '*/verify-schema=unchanged',
    ]);
    // Every statement that ran is in the job's log.
    const log = await api<{ entries?: Array<{ text: string }> } | Array<{ text: string }>>(panel.url, 'GET', `/api/jobs/${job.id}/log`);
    const text = JSON.stringify(log.body);
    expect(text).toContain("vm2/app> ALTER TABLE test ADD COLUMN note text DEFAULT 'x'");
    expect(text).toContain('vm1/app> ALTER PUBLICATION \\"pub_test\\" ADD TABLE public.\\"audit\\"');
    expect(text).toContain('vm2/app> ALTER SUBSCRIPTION \\"sub_test\\" REFRESH PUBLICATION');

    for (const node of ['vm1', 'vm2', 'vm3'] as const) {
      await eventually(() => columns(node, 'test'), (v) => v === 'id integer, data text, note text', 30_000);
      await eventually(() => columns(node, 'audit'), (v) => v === 'id bigint, msg text', 30_000);
    }
    on('vm1', "INSERT INTO test (data, note) VALUES ('after', 'n1'); INSERT INTO audit (msg) VALUES ('hello')");
    for (const node of ['vm2', 'vm3'] as const) {
      await eventually(() => on(node, "SELECT string_agg(data || '=' || note, ',' ORDER BY id) FROM test"), (v) => v === 'before 1=x,before 2=x,after=n1', 30_000);
      await eventually(() => on(node, 'SELECT msg FROM audit'), (v) => v === 'hello', 30_000);
    }
  });

  it('a re-apply of the cluster then plans no change', async () => {
    const preview = await api<{ steps: Array<{ id: string; live?: { action: string; reason?: string } }> }>(panel.url, 'POST', `/api/clusters/${id}/plan`);
    expect(preview.status).toBe(200);
    expect(preview.body.steps.filter((s) => s.live && s.live.action !== 'none').map((s) => `${s.id}: ${s.live?.reason}`)).toEqual([]);
    const cluster = await api<{ topology: { publications: Array<{ name: string; tables: string[] }>; tables: Array<{ name: string; columns: Array<{ name: string }> }> } }>(panel.url, 'GET', `/api/clusters/${id}`);
    expect(cluster.body.topology.publications[0]?.tables).toEqual(['test', 'public.audit']);
  });

  it('refuses a type change of a replicated column with 422 and the procedure, and changes nothing', async () => {
    const refused = await change({ sql: 'ALTER TABLE test ALTER COLUMN data TYPE varchar(10)' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'sql', message: expect.stringMatching(/public\.test is replicated.*add a new column of the new type/) }]);
    expect(columns('vm1', 'test')).toBe('id integer, data text, note text');
    expect(columns('vm2', 'test')).toBe('id integer, data text, note text');
  });

  it('a repeated additive change finds every statement applied and changes nothing', async () => {
    const again = await change({ sql: 'CREATE INDEX IF NOT EXISTS test_note ON test (note)' });
    expect(again.status).toBe(202);
    const first = await waitForJob(panel.url, again.body.jobId as string);
    expect(first.status).toBe('succeeded');
    const repeat = await change({ sql: 'CREATE INDEX test_note ON test (note)' });
    const second = await waitForJob(panel.url, repeat.body.jobId as string);
    expect(second.status).toBe('succeeded');
    expect(second.steps.filter((s) => s.kind === 'run-ddl').map((s) => s.status)).toEqual(['unchanged', 'unchanged']);
    await eventually(() => on('vm3', "SELECT to_regclass('public.test_note') IS NOT NULL"), (v) => v === 't', 30_000);
  });
  it('runs a removing change publishers first only when confirmed, and replication goes on without the column', async () => {
    const drop = { sql: 'DROP INDEX test_note; ALTER TABLE test DROP COLUMN note' };
    const unconfirmed = await api<{ destructive?: Array<{ stepId: string }> }>(panel.url, 'POST', `/api/clusters/${id}/schema-change`, drop);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.destructive?.map((d) => d.stepId)).toEqual(['vm1/run-ddl', 'vm2/run-ddl']);
    expect(columns('vm1', 'test')).toBe('id integer, data text, note text');
    const queued = await change(drop, '?confirmDestructive=true');
    expect(queued.status).toBe(202);
    expect(queued.body.order).toEqual(['vm1', 'vm2']);
    const job = await waitForJob(panel.url, queued.body.jobId as string);
    expect(failedSteps(job)).toEqual([]);
    for (const node of ['vm1', 'vm2', 'vm3'] as const) await eventually(() => columns(node, 'test'), (v) => v === 'id integer, data text', 30_000);
    on('vm1', "INSERT INTO test (data) VALUES ('after the drop')");
    await eventually(() => on('vm3', "SELECT count(*) FROM test WHERE data = 'after the drop'"), (v) => v === '1', 30_000);
    const preview = await api<{ steps: Array<{ id: string; live?: { action: string; reason?: string } }> }>(panel.url, 'POST', `/api/clusters/${id}/plan`);
    expect(preview.body.steps.filter((s) => s.live && s.live.action !== 'none').map((s) => `${s.id}: ${s.live?.reason}`)).toEqual([]);
  });
});

describe('an additive schema change on the four-node example: the vm1 <-> vm2 cycle, vm3 subscribing to both, vm4 its standby', () => {
  const fourPorts: Record<string, number> = { vm1: 56711, vm2: 56712, vm3: 56713, vm4: 56714 };
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';
  const on = (node: string, sql: string) => psql(root, node, fourPorts[node] as number, 'technolabels', sql);

  beforeAll(async () => {
    panel = await startPanel(PANEL_PORT + 1, dataDir);
    ({ id, root } = await applyLocalCluster(panel, { ...example, nodes: example.nodes.map((n) => ({ ...n, port: fourPorts[n.name] })) }));
  });
  afterAll(() => removePanel(panel, dataDir));

  it('runs on vm3 first, then vm1 and vm2 in node order, and rows with the new columns reach every node', async () => {
    const sql = "ALTER TABLE test ADD COLUMN note text DEFAULT 'x'; ALTER TABLE test2 ADD COLUMN note text DEFAULT 'y'";
    const queued = await api<Answer>(panel.url, 'POST', `/api/clusters/${id}/schema-change`, { sql });
    expect(queued.status).toBe(202);
    expect(queued.body.order).toEqual(['vm3', 'vm1', 'vm2']);
    const job = await waitForJob(panel.url, queued.body.jobId as string);
    expect(failedSteps(job)).toEqual([]);
    expect(job.steps.map((s) => s.id)).toEqual(['vm3/run-ddl', 'vm1/run-ddl', 'vm2/run-ddl', '*/verify-schema']);
    on('vm1', "INSERT INTO test (data, note) VALUES ('from vm1', 'n1')");
    on('vm2', "INSERT INTO test2 (data, note) VALUES ('from vm2', 'n2')");
    for (const node of ['vm2', 'vm3', 'vm4']) await eventually(() => on(node, "SELECT note FROM test WHERE data = 'from vm1'"), (v) => v === 'n1', 30_000);
    for (const node of ['vm1', 'vm3', 'vm4']) await eventually(() => on(node, "SELECT note FROM test2 WHERE data = 'from vm2'"), (v) => v === 'n2', 30_000);
    const preview = await api<{ steps: Array<{ id: string; live?: { action: string; reason?: string } }> }>(panel.url, 'POST', `/api/clusters/${id}/plan`);
    expect(preview.body.steps.filter((s) => s.live && s.live.action !== 'none').map((s) => `${s.id}: ${s.live?.reason}`)).toEqual([]);
  });
});
