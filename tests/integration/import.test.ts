import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import path from 'node:path';
import { removePanel } from './helpers/local-cluster';
import { eventually, psql } from './helpers/psql';
import { catalogFingerprint, startOutsideCluster, type OutsideCluster } from './helpers/outside-cluster';

// Ports of the "import" range (COMMON.md): 55890–55919, panel 3440–3449.
const PANEL_PORT = 3440;
const VM1_PORT = 55890;
const NOTHING_PORT = 55891;
const VM3_PORT = 55892;
const PASSWORD = 'outside-secret-Password-1';

/** A database made outside the panel: several schemas, a mixed-case one with a table without a primary key. */
const SHOP_SQL = `
CREATE SCHEMA inventory;
CREATE SCHEMA "Sales";
CREATE TYPE "Sales".status AS ENUM ('new', 'paid', 'shipped');
CREATE TABLE public.customers (id bigserial PRIMARY KEY, name text NOT NULL, created timestamptz DEFAULT now());
CREATE TABLE inventory.items (sku text PRIMARY KEY, qty integer NOT NULL CHECK (qty >= 0));
CREATE SEQUENCE "Sales".line_no;
CREATE TABLE "Sales"."OrderLines" (line integer NOT NULL DEFAULT nextval('"Sales".line_no'), customer bigint REFERENCES public.customers (id), sku text, "Status" "Sales".status DEFAULT 'new');
ALTER SEQUENCE "Sales".line_no OWNED BY "Sales"."OrderLines".line;
CREATE INDEX order_lines_customer ON "Sales"."OrderLines" (customer);
ALTER TABLE "Sales"."OrderLines" REPLICA IDENTITY FULL;
INSERT INTO public.customers (name) SELECT 'customer ' || g FROM generate_series(1, 200) g;
INSERT INTO inventory.items SELECT 'sku-' || g, g FROM generate_series(1, 100) g;
INSERT INTO "Sales"."OrderLines" (customer, sku, "Status") SELECT 1 + g % 200, 'sku-' || (1 + g % 100), (ARRAY['new', 'paid', 'shipped']::"Sales".status[])[1 + g % 3] FROM generate_series(1, 500) g;
CREATE PUBLICATION shop_pub FOR TABLE public.customers, inventory.items, "Sales"."OrderLines";
ANALYZE;`;

type Imported = { id: string; topology: { postgresVersion: number; nodes: Array<Record<string, unknown>>; publications: Array<{ name: string; tables: string[]; adopted?: boolean }> }; inventory: Array<{ version: number; database: { tables: Array<{ schema: string; name: string; primaryKey: boolean; replicaIdentity: string; rows: number | null }> } }> };
type Issues = { errors: Array<{ path: string; message: string }> };

const changed = (job: JobView) => job.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`);

describe('import: servers that already run', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let vm1: OutsideCluster;
  let importedId = '';
  let latest: Record<string, unknown> & { publications: unknown[] } = { publications: [] };
  let adopted: Record<string, unknown> & { nodes: unknown[]; publications: unknown[]; subscriptions: unknown[] } = { nodes: [], publications: [], subscriptions: [] };

  beforeAll(async () => {
    vm1 = startOutsideCluster(VM1_PORT, PASSWORD);
    vm1.psql('postgres', 'CREATE DATABASE shop');
    vm1.psql('shop', SHOP_SQL);
    panel = await startPanel(PANEL_PORT, dataDir);
  });
  afterAll(async () => {
    await removePanel(panel, dataDir);
    vm1?.stop();
  });

  /** The adopted topology extended: vm3, a new node, subscribes to vm1's publication. */
  const withSubscriber = () => ({
    ...adopted,
    nodes: [...adopted.nodes, { name: 'vm3', port: VM3_PORT }],
    subscriptions: [{ node: 'vm3', name: 'vm3_shop', publisher: 'vm1', publications: ['shop_pub'] }],
  });

  const body = (over: Record<string, unknown> = {}, node: Record<string, unknown> = {}) => ({
    name: 'shop',
    provider: 'local',
    database: 'shop',
    login: { user: 'postgres', password: PASSWORD },
    nodes: [{ name: 'vm1', port: VM1_PORT, dataDir: vm1.dataDir, ...node }],
    ...over,
  });

  it('stops at the field that is wrong, and saves nothing', async () => {
    const before = (await api<{ clusters: unknown[] }>(panel.url, 'GET', '/api/clusters')).body.clusters.length;
    const cases: Array<[unknown, string, RegExp]> = [
      [body({}, { port: NOTHING_PORT }), 'nodes.0.port', /nothing answers/],
      [body({ login: { user: 'postgres', password: 'wrong' } }), 'login', /refused the login/],
      [body({}, { dataDir: vm1.dir }), 'nodes.0.dataDir', /not a PostgreSQL data directory/],
      [body({ database: 'nope' }), 'database', /no database nope/],
      [body({}, { dataDir: undefined }), 'nodes.0.dataDir', /data directory/],
    ];
    for (const [input, path, message] of cases) {
      const res = await api<Issues>(panel.url, 'POST', '/api/clusters/import', input);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors.find((e) => e.path === path)?.message, JSON.stringify(res.body.errors)).toMatch(message);
    }
    expect((await api<{ clusters: unknown[] }>(panel.url, 'GET', '/api/clusters')).body.clusters.length).toBe(before);
  });

  it('adopts a running server: the topology describes it, and applying it changes nothing', async () => {
    const fingerprint = catalogFingerprint(vm1, ['postgres', 'shop']);
    const res = await api<Imported>(panel.url, 'POST', '/api/clusters/import', body());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { id, topology, inventory } = res.body;
    // The version is read from the server.
    expect(topology.postgresVersion).toBe(Math.floor(Number(vm1.psql('postgres', 'SHOW server_version_num')) / 10_000));
    expect(topology.nodes).toEqual([{ name: 'vm1', port: VM1_PORT, dataDir: vm1.dataDir, adopted: true }]);
    expect(topology.publications).toEqual([{ node: 'vm1', name: 'shop_pub', tables: ['Sales.OrderLines', 'inventory.items', 'public.customers'], adopted: true }]);
    const lines = inventory[0]!.database.tables.find((t) => t.schema === 'Sales' && t.name === 'OrderLines');
    expect(lines).toMatchObject({ primaryKey: false, replicaIdentity: 'full', rows: 500 });
    expect(catalogFingerprint(vm1, ['postgres', 'shop'])).toBe(fingerprint);

    const saved = await api<{ topology: unknown }>(panel.url, 'GET', `/api/clusters/${id}`);
    expect(saved.body.topology).toEqual(topology);
    const applied = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`, saved.body.topology);
    expect(applied.status, JSON.stringify(applied.body)).toBe(202);
    const job = await waitForJob(panel.url, applied.body.jobId);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    expect(changed(job)).toEqual([]);
    expect(catalogFingerprint(vm1, ['postgres', 'shop'])).toBe(fingerprint);
    importedId = id;
    adopted = saved.body.topology as Record<string, unknown> & { nodes: unknown[]; publications: unknown[]; subscriptions: unknown[] };
  });

  it('a new subscriber gets every table from the publisher’s own definitions, with identical rows', async () => {
    const extended = withSubscriber();
    const res = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, extended);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(panel.url, res.body.jobId);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    expect(job.steps.find((s) => s.id === 'vm3/copy-schema/vm1')?.status).toBe('changed');
    const root = path.join(dataDir, 'clusters', importedId);
    const vm3 = (sql: string) => psql(root, 'vm3', VM3_PORT, 'shop', sql);
    // Writes keep arriving after the copy.
    vm1.psql('shop', `INSERT INTO "Sales"."OrderLines" (customer, sku, "Status") VALUES (7, 'sku-7', 'paid'); UPDATE inventory.items SET qty = qty + 1 WHERE sku = 'sku-3'; DELETE FROM "Sales"."OrderLines" WHERE line = 10`);
    for (const table of ['public.customers', 'inventory.items', '"Sales"."OrderLines"']) {
      const sql = `SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ${table} t`;
      const source = vm1.psql('shop', sql);
      await eventually(() => vm3(sql), (v) => v === source, 30_000);
    }
    // The enum, the owned sequence and the index came with the table.
    expect(vm3(`SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = '"Sales".status'::regtype`)).toBe('new,paid,shipped');
    expect(vm3(`SELECT pg_get_serial_sequence('"Sales"."OrderLines"', 'line') IS NOT NULL OR to_regclass('"Sales".line_no') IS NOT NULL`)).toBe('t');
    expect(vm3(`SELECT count(*) FROM pg_indexes WHERE schemaname = 'Sales' AND indexname = 'order_lines_customer'`)).toBe('1');

    // The initial copy, per table, as the job page shows it.
    const progress = await api<{ subscriptions: Array<{ subscription: string; done: boolean; tables: Array<{ table: string; state: string; bytesCopied: number; bytesTotal: number; rowsTotal: number }> }> }>(panel.url, 'GET', `/api/clusters/${importedId}/copy-progress`);
    const copy = progress.body.subscriptions.find((x) => x.subscription === 'vm3_shop');
    expect(copy?.done, JSON.stringify(progress.body)).toBe(true);
    expect(copy?.tables.map((x) => x.table).sort()).toEqual(['Sales.OrderLines', 'inventory.items', 'public.customers', 'public.pgcascade_heartbeat']);
    expect(copy?.tables.find((x) => x.table === 'Sales.OrderLines')).toMatchObject({ state: 'ready', rowsTotal: 500 });
    expect(copy?.tables.every((x) => x.bytesTotal > 0 && x.bytesCopied === x.bytesTotal)).toBe(true);

    // Sequences: vm3's copy is behind until synced, then the publisher's value plus the margin.
    type Lags = { subscribers: Array<{ node: string; sequences: Array<{ sequence: string; publisherValue: number; behind: number }> }> };
    const lag = (await api<Lags>(panel.url, 'GET', `/api/clusters/${importedId}/sequences`)).body.subscribers.find((x) => x.node === 'vm3');
    expect(lag?.sequences.find((x) => x.sequence === 'public.customers_id_seq')).toMatchObject({ publisherValue: 200, behind: 200 });
    const synced = await api<{ synced: unknown[] }>(panel.url, 'POST', `/api/clusters/${importedId}/sequences`, { node: 'vm3', margin: 100 });
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(vm3(`SELECT last_value FROM public.customers_id_seq`)).toBe('300');
    expect(vm3(`SELECT last_value FROM "Sales".line_no`)).toBe(String(Number(vm1.psql('shop', `SELECT last_value FROM "Sales".line_no`)) + 100));

    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, extended);
    expect(changed(await waitForJob(panel.url, again.body.jobId))).toEqual([]);

    // A subscriber whose copy differs stops the plan with the difference, before anything changes.
    vm3('ALTER TABLE inventory.items ADD COLUMN note text');
    const differs = await waitForJob(panel.url, (await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, extended)).body.jobId);
    expect(failedSteps(differs).join('\n')).toMatch(/on vm3: inventory\.items has note text instead/);
    vm3('ALTER TABLE inventory.items DROP COLUMN note');

    // Adopted objects go only when removed and confirmed.
    const removed = await api<{ destructive: Array<{ stepId: string }> }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, { ...extended, publications: [], subscriptions: [] });
    expect(removed.status).toBe(409);
    expect(removed.body.destructive.map((d) => d.stepId)).toContain('vm1/drop-publication/shop_pub');
  });

  it('publishes tables without a primary key by the identity chosen for each, or insert-only', async () => {
    vm1.psql('shop', `CREATE TABLE "Sales".audit (n integer NOT NULL, what text); CREATE UNIQUE INDEX audit_n ON "Sales".audit (n);
      CREATE TABLE "Sales".notes (txt text); INSERT INTO "Sales".audit SELECT g, 'a' || g FROM generate_series(1, 20) g; INSERT INTO "Sales".notes VALUES ('first')`);
    const base = withSubscriber();
    const sub = { node: 'vm3', name: 'vm3_keyless', publisher: 'vm1', publications: ['keyless', 'inserts'] };
    const unchosen = { ...base, publications: [...base.publications, { node: 'vm1', name: 'keyless', tables: ['Sales.audit'] }, { node: 'vm1', name: 'inserts', tables: ['Sales.notes'], publish: ['insert'] }], subscriptions: [...base.subscriptions, sub] };
    const refused = await waitForJob(panel.url, (await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, unchosen)).body.jobId);
    expect(failedSteps(refused).join('\n')).toMatch(/Sales\.audit has no primary key and no replica identity.*REPLICA|Sales\.audit has no primary key and no replica identity.*replicaIdentity/);
    expect(refused.steps.filter((s) => s.status === 'changed')).toEqual([]);

    latest = { ...unchosen, publications: [...base.publications, { node: 'vm1', name: 'keyless', tables: ['Sales.audit'], replicaIdentity: { 'Sales.audit': { index: 'audit_n' } } }, { node: 'vm1', name: 'inserts', tables: ['Sales.notes'], publish: ['insert'] }] };
    const job = await waitForJob(panel.url, (await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, latest)).body.jobId);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    expect(vm1.psql('shop', `SELECT relreplident FROM pg_class WHERE oid = '"Sales".audit'::regclass`)).toBe('i');
    const vm3 = (sql: string) => psql(path.join(dataDir, 'clusters', importedId), 'vm3', VM3_PORT, 'shop', sql);
    vm1.psql('shop', `UPDATE "Sales".audit SET what = 'changed' WHERE n = 5; DELETE FROM "Sales".audit WHERE n = 6; INSERT INTO "Sales".notes VALUES ('second'); UPDATE "Sales".notes SET txt = 'edited' WHERE txt = 'first'`);
    await eventually(() => vm3(`SELECT string_agg(what, ',' ORDER BY n) FROM "Sales".audit WHERE n IN (5, 6)`), (v) => v === 'changed', 30_000);
    // Insert-only: the new row arrives, the UPDATE is not replicated.
    await eventually(() => vm3(`SELECT string_agg(txt, ',' ORDER BY txt) FROM "Sales".notes`), (v) => v === 'first,second', 30_000);
  });

  it('refuses a publication of a table the publisher does not have, before anything changes', async () => {
    const fingerprint = catalogFingerprint(vm1, ['postgres', 'shop']);
    const wrong = { ...latest, publications: [...latest.publications, { node: 'vm1', name: 'more', tables: ['inventory.nope'] }] };
    const res = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${importedId}/apply`, wrong);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(panel.url, res.body.jobId);
    expect(job.status).toBe('failed');
    expect(failedSteps(job).join('\n')).toMatch(/vm1\/check-tables: vm1 has no table inventory\.nope/);
    expect(job.steps.filter((s) => s.status === 'changed')).toEqual([]);
    expect(catalogFingerprint(vm1, ['postgres', 'shop'])).toBe(fingerprint);
  });
});
