import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { eventually } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { removePanel } from './helpers/local-cluster';
import { acceptTestbedHostKeys, ADDRESSES, onHost, rootKey, sqlOnHost, sshArgv, testbedUp } from './helpers/testbed';

// Issue 14's test-bed scenario: a server that ran before pgcascade (pgbench at scale 20, a mixed-case schema
// with a keyless table, an enum, a sequence-owned column and an index), imported while pgbench writes to it, then
// extended to the reference shape (vm3 subscribes to every table, vm4 a standby of vm3); every table identical on
// the three once the writes stop; then a schema change through the panel, vm3's sequences synced, and a failover
// vm3 → vm4 that leaves vm4's sequences ahead of its data. Panel port 3465.
const PASSWORD = 'existing-ssh-Password-1';
const DB = 'bank';
const SALES_SQL = `
CREATE SCHEMA "Sales";
CREATE TYPE "Sales".status AS ENUM ('new', 'paid', 'shipped');
CREATE SEQUENCE "Sales".line_no;
CREATE TABLE "Sales"."OrderLines" (line integer NOT NULL DEFAULT nextval('"Sales".line_no'), account integer, "Status" "Sales".status DEFAULT 'new', note text);
ALTER SEQUENCE "Sales".line_no OWNED BY "Sales"."OrderLines".line;
CREATE INDEX order_lines_account ON "Sales"."OrderLines" (account);
INSERT INTO "Sales"."OrderLines" (account, "Status") SELECT g, (ARRAY['new', 'paid', 'shipped']::"Sales".status[])[1 + g % 3] FROM generate_series(1, 1000) g;`.replace(/\n/g, ' ');
// Every table, with its checksum: the row count and an md5 of the rows in a fixed order.
const TABLES = ['public.pgbench_accounts', 'public.pgbench_branches', 'public.pgbench_tellers', 'public.pgbench_history', '"Sales"."OrderLines"'];
const checksum = (table: string) => `SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ${table} t`;

type Topology = Record<string, unknown> & { nodes: unknown[]; publications: unknown[]; subscriptions: unknown[]; standbys: unknown[] };
const changed = (job: JobView) => job.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`);

/** vm1 runs a server of its own, readied by its DBA for replication (logical WAL, listening on its address); vm3 and vm4 have none. */
function prepareHosts() {
  onHost('vm4', 'pg_dropcluster --stop 15 main 2>/dev/null; rm -rf /var/lib/postgresql/15/wal-archive; true');
  onHost('vm3', 'pg_dropcluster --stop 15 main 2>/dev/null; true');
  onHost('vm1', `pg_dropcluster --stop 15 main 2>/dev/null; pg_createcluster -p 5432 15 main >/dev/null && printf "wal_level = logical\\nlisten_addresses = 'localhost,${ADDRESSES.vm1}'\\n" > /etc/postgresql/15/main/conf.d/dba.conf && pg_ctlcluster 15 main start`);
  sqlOnHost('vm1', 'postgres', `ALTER ROLE postgres PASSWORD '${PASSWORD}'`);
  sqlOnHost('vm1', 'postgres', `CREATE DATABASE ${DB}`);
  onHost('vm1', `cd /tmp && runuser -u postgres -- /usr/lib/postgresql/15/bin/pgbench -i -s 20 -q ${DB} 2>&1 | tail -1`);
  sqlOnHost('vm1', DB, SALES_SQL);
}

/** pgbench's own transactions on vm1 (bounded): 2 clients, at most 40 a second. */
function startWrites(seconds: number): ChildProcess {
  const [ssh, ...args] = sshArgv('vm1');
  return spawn(ssh!, [...args, `cd /tmp && runuser -u postgres -- /usr/lib/postgresql/15/bin/pgbench -n -c 2 -R 40 -T ${seconds} ${DB}`], { stdio: 'ignore' });
}

describe.skipIf(!testbedUp)('an existing server on the test bed: import under writes, extend to the reference shape', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let writes: ChildProcess | undefined;
  let id = '';
  let adopted: Topology = { nodes: [], publications: [], subscriptions: [], standbys: [] };
  let extended: Topology = adopted;
  const ssh = () => ({ user: 'root', privateKey: rootKey() });

  beforeAll(async () => {
    prepareHosts();
    panel = await startPanel(3465, dataDir, { PGCASCADE_BACKUP_SCHEDULES: 'off' });
    await acceptTestbedHostKeys(panel.url);
  }, 600_000);
  afterAll(async () => {
    writes?.kill();
    const listed = await api<{ clusters: Array<{ id: string; status: string }> }>(panel.url, 'GET', '/api/clusters').catch(() => null);
    for (const c of listed?.body.clusters ?? []) {
      const r = await api<{ jobId?: string }>(panel.url, 'DELETE', `/api/clusters/${c.id}`).catch(() => null);
      if (r?.body.jobId) await waitForJob(panel.url, r.body.jobId).catch(() => undefined);
    }
    await removePanel(panel, dataDir);
    for (const node of ['vm1', 'vm3', 'vm4']) {
      try {
        onHost(node, 'pg_dropcluster --stop 15 main 2>/dev/null; rm -rf /var/lib/postgresql/15/wal-archive; true');
      } catch {
        // the host is gone: the test bed's own teardown removes it
      }
    }
    // As testbed:up left them: vm1 to vm3 with a fresh 15/main.
    for (const node of ['vm1', 'vm3']) onHost(node, 'pg_createcluster -p 5432 15 main >/dev/null 2>&1; true');
  });

  it('imports vm1 while pgbench writes to it: the topology describes it, and applying it changes nothing', async () => {
    writes = startWrites(90);
    const res = await api<{ id: string; topology: Topology }>(panel.url, 'POST', '/api/clusters/import', {
      name: 'bank',
      provider: 'ssh',
      database: DB,
      login: { user: 'postgres', password: PASSWORD },
      nodes: [{ name: 'vm1', address: ADDRESSES.vm1, port: 5432, ssh: ssh() }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
    expect(res.body.topology.postgresVersion).toBe(15);
    const saved = await api<{ topology: Topology }>(panel.url, 'GET', `/api/clusters/${id}`);
    adopted = saved.body.topology;
    const applied = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`, adopted);
    expect(applied.status, JSON.stringify(applied.body)).toBe(202);
    const job = await waitForJob(panel.url, applied.body.jobId, 300_000);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    expect(changed(job)).toEqual([]);
  });

  it('extends it to the reference shape under writes: vm3 subscribes to every table, vm4 follows vm3; all identical once writes stop', async () => {
    extended = {
      ...adopted,
      nodes: [...adopted.nodes, { name: 'vm3', address: ADDRESSES.vm3, port: 5432, ssh: ssh() }, { name: 'vm4', address: ADDRESSES.vm4, port: 5432, ssh: ssh() }],
      publications: [
        ...adopted.publications,
        { node: 'vm1', name: 'bank_pub', tables: ['public.pgbench_accounts', 'public.pgbench_branches', 'public.pgbench_tellers', 'Sales.OrderLines'], replicaIdentity: { 'Sales.OrderLines': 'full' } },
        // pgbench only ever inserts into its history, which has no key: insert-only publishing.
        { node: 'vm1', name: 'bank_history', tables: ['public.pgbench_history'], publish: ['insert'] },
      ],
      subscriptions: [...adopted.subscriptions, { node: 'vm3', name: 'vm3_bank', publisher: 'vm1', publications: ['bank_pub', 'bank_history'] }],
      standbys: [...adopted.standbys, { node: 'vm4', upstream: 'vm3' }],
    };
    const res = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply?confirmDestructive=true`, extended);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await waitForJob(panel.url, res.body.jobId, 600_000);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    expect(job.steps.find((s) => s.id === 'vm3/copy-schema/vm1')?.status).toBe('changed');
    // pgbench was still writing through the copy.
    expect(writes?.exitCode).toBeNull();

    // Once the writes stop, every table is the same on vm1, on its subscriber and on the subscriber's standby.
    const writer = writes as ChildProcess;
    await new Promise<void>((resolve) => (writer.exitCode !== null ? resolve() : writer.on('exit', () => resolve())));
    for (const table of TABLES) {
      const source = sqlOnHost('vm1', DB, checksum(table));
      expect(Number(source.split('/')[0]), table).toBeGreaterThan(0);
      for (const node of ['vm3', 'vm4'] as const) await eventually(() => sqlOnHost(node, DB, checksum(table)), (v) => v === source, 60_000);
    }
    // The enum, the owned sequence and the index came with the table.
    expect(sqlOnHost('vm3', DB, `SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = '"Sales".status'::regtype`)).toBe('new,paid,shipped');
    expect(sqlOnHost('vm3', DB, `SELECT to_regclass('"Sales".line_no') IS NOT NULL`)).toBe('t');
    expect(sqlOnHost('vm4', DB, `SELECT count(*) FROM pg_indexes WHERE schemaname = 'Sales' AND indexname = 'order_lines_account'`)).toBe('1');

    // A second apply changes nothing.
    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`, extended);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(changed(await waitForJob(panel.url, again.body.jobId, 300_000))).toEqual([]);
  });

  it('carries a schema change through the panel: a column with a default and a new published table reach vm3 and vm4', async () => {
    const res = await api<{ jobId: string; order: string[] }>(panel.url, 'POST', `/api/clusters/${id}/schema-change`, {
      sql: `ALTER TABLE "Sales"."OrderLines" ADD COLUMN channel text DEFAULT 'web'; CREATE TABLE public.audit (id bigserial PRIMARY KEY, msg text NOT NULL)`,
      publish: [{ publication: 'bank_pub', tables: ['public.audit'] }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    // Subscribers before their publisher for an additive change.
    expect(res.body.order).toEqual(['vm3', 'vm1']);
    const job = await waitForJob(panel.url, res.body.jobId, 300_000);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    sqlOnHost('vm1', DB, `INSERT INTO "Sales"."OrderLines" (account, channel) VALUES (424242, 'shop'); INSERT INTO public.audit (msg) SELECT 'audit ' || g FROM generate_series(1, 25) g`);
    for (const node of ['vm3', 'vm4'] as const) {
      await eventually(() => sqlOnHost(node, DB, `SELECT channel FROM "Sales"."OrderLines" WHERE account = 424242`), (v) => v === 'shop', 60_000);
      await eventually(() => sqlOnHost(node, DB, 'SELECT count(*) || \'/\' || max(id) FROM public.audit'), (v) => v === '25/25', 60_000);
      // The rows from before the change have the default.
      expect(sqlOnHost(node, DB, `SELECT count(*) FROM "Sales"."OrderLines" WHERE channel = 'web'`)).toBe('1000');
    }
  });

  it("syncs vm3's sequences, then fails vm3 over to vm4, whose sequences end up ahead of its data", async () => {
    const synced = await api<{ synced: Array<{ node: string; sequence: string; value: number }> }>(panel.url, 'POST', `/api/clusters/${id}/sequences`, { node: 'vm3', margin: 100 });
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(sqlOnHost('vm3', DB, 'SELECT last_value FROM public.audit_id_seq')).toBe('125');
    expect(Number(sqlOnHost('vm3', DB, 'SELECT last_value FROM "Sales".line_no'))).toBe(Number(sqlOnHost('vm1', DB, 'SELECT last_value FROM "Sales".line_no')) + 100);

    // More rows on vm1 after the sync: vm4 (vm3's copy) has their data but not their sequence values.
    sqlOnHost('vm1', DB, `INSERT INTO public.audit (msg) SELECT 'later ' || g FROM generate_series(1, 200) g`);
    await eventually(() => sqlOnHost('vm4', DB, 'SELECT max(id) FROM public.audit'), (v) => v === '225', 60_000);
    const started = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/failover`, { promote: 'vm4', sequenceMargin: 500 });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const job = await waitForJob(panel.url, started.body.jobId, 300_000);
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    for (const [sequence, column, table] of [['public.audit_id_seq', 'id', 'public.audit'], ['"Sales".line_no', 'line', '"Sales"."OrderLines"']] as const) {
      const next = Number(sqlOnHost('vm4', DB, `SELECT nextval('${sequence}')`));
      expect(next, sequence).toBeGreaterThan(Number(sqlOnHost('vm4', DB, `SELECT max(${column}) FROM ${table}`)) + 499);
    }
    // vm4 now subscribes in vm3's place: rows keep arriving.
    sqlOnHost('vm1', DB, `INSERT INTO public.audit (msg) VALUES ('after the failover')`);
    await eventually(() => sqlOnHost('vm4', DB, `SELECT count(*) FROM public.audit WHERE msg = 'after the failover'`), (v) => v === '1', 60_000);
  });
});
