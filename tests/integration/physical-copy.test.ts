import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { removePanel } from './helpers/local-cluster';
import { eventually, pgBin, psql } from './helpers/psql';
import { startOutsideCluster, type OutsideCluster } from './helpers/outside-cluster';

// Ports of the "physical copy" range: 55960–55969, panel 3460.
const PANEL_PORT = 3460;
const VM1_PORT = 55960;
const ROWS_PORT = 55961;
const PHYSICAL_PORT = 55962;
const PASSWORD = 'outside-secret-Password-2';
const TABLES = ['pgbench_accounts', 'pgbench_branches', 'pgbench_tellers', 'pgbench_history'];

const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
const changed = (job: JobView) => job.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`);
const md5Sql = (table: string) => `SELECT count(*) || '/' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM public.${table} t`;

describe('initial copy: a subscriber started from a physical copy has exactly the rows of one started by copy', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let vm1: OutsideCluster;
  let writes: ChildProcess | undefined;
  let id = '';

  beforeAll(async () => {
    vm1 = startOutsideCluster(VM1_PORT, PASSWORD);
    vm1.psql('postgres', 'CREATE DATABASE bank');
    const run = path.join(vm1.dir, 'run');
    // pgbench's own tables, 200k accounts: a publisher with real data.
    const init = spawn(asPostgres[0] ?? pgBin('pgbench'), [...asPostgres.slice(1), ...(asPostgres.length ? [pgBin('pgbench')] : []), '-i', '-s', '2', '-q', '-h', run, '-p', String(VM1_PORT), '-U', 'postgres', 'bank'], { stdio: 'ignore' });
    expect(await new Promise((r) => init.once('exit', r))).toBe(0);
    // pgbench_history has no key: published with REPLICA IDENTITY FULL.
    vm1.psql('bank', `ALTER TABLE pgbench_history REPLICA IDENTITY FULL; CREATE PUBLICATION bank_pub FOR TABLE ${TABLES.join(', ')}`);
    panel = await startPanel(PANEL_PORT, dataDir);
  });
  afterAll(async () => {
    writes?.kill('SIGKILL');
    await removePanel(panel, dataDir);
    vm1?.stop();
  });

  it('copies by rows on one node and physically on the other while writes run; md5 per table is identical on all three', { timeout: 420_000 }, async () => {
    const imported = await api<{ id: string }>(panel.url, 'POST', '/api/clusters/import', {
      name: 'bank', provider: 'local', database: 'bank', login: { user: 'postgres', password: PASSWORD },
      nodes: [{ name: 'vm1', port: VM1_PORT, dataDir: vm1.dataDir }],
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    id = imported.body.id;
    const adopted = (await api<{ topology: Record<string, unknown> & { nodes: unknown[] } }>(panel.url, 'GET', `/api/clusters/${id}`)).body.topology;
    const topology = {
      ...adopted,
      nodes: [...adopted.nodes, { name: 'vm3', port: ROWS_PORT }, { name: 'vm4', port: PHYSICAL_PORT }],
      subscriptions: [
        { node: 'vm3', name: 'vm3_bank', publisher: 'vm1', publications: ['bank_pub'], initialCopy: 'rows' },
        { node: 'vm4', name: 'vm4_bank', publisher: 'vm1', publications: ['bank_pub'], initialCopy: 'physical' },
      ],
    };
    const plan = await api<{ steps: Array<{ id: string; summary: string }> }>(panel.url, 'POST', `/api/clusters/${id}/plan`, topology);
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body.steps.find((s) => s.id === 'vm4/start-subscriber')?.summary).toMatch(/physical copy of vm1 .*pg_basebackup.*initial copy: physical/);
    expect(plan.body.steps.find((s) => s.id === 'vm4/create-subscription/vm4_bank')?.summary).toMatch(/initial copy: physical/);
    expect(plan.body.steps.find((s) => s.id === 'vm3/create-subscription/vm3_bank')?.summary).toMatch(/initial copy: rows/);
    expect(plan.body.steps.some((s) => s.id === 'vm4/init-cluster')).toBe(false);

    // Writes run on the publisher throughout the start (pgbench's TPC-B-like transactions, rate-limited).
    const run = path.join(vm1.dir, 'run');
    // Started directly (the server trusts its socket), so that stopping it stops the writes.
    writes = spawn(pgBin('pgbench'), ['-n', '-c', '2', '-R', '100', '-T', '600', '-h', run, '-p', String(VM1_PORT), '-U', 'postgres', 'bank'], { stdio: 'ignore' });
    const res = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`, topology);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const t0 = Date.now();
    const job = await waitForJob(panel.url, res.body.jobId, 240_000);
    const log = await api<{ lines: Array<{ text: string }> }>(panel.url, 'GET', `/api/jobs/${res.body.jobId}/log?after=0`);
    console.log(`apply: ${job.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (job.status !== 'succeeded') console.log(JSON.stringify(log.body).slice(-6000));
    expect(failedSteps(job), job.error ?? '').toEqual([]);
    const start = job.steps.find((s) => s.id === 'vm4/start-subscriber');
    expect(start?.status).toBe('changed');
    expect(start?.result).toMatchObject({ method: 'physical' });
    // Keep writing a little after both subscriptions stream, then stop.
    await new Promise((r) => setTimeout(r, 2000));
    writes.kill('SIGINT');
    await new Promise((r) => writes?.once('exit', r));
    writes = undefined;
    const history = vm1.psql('bank', 'SELECT count(*) FROM pgbench_history');
    expect(Number(history)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(vm1.psql('bank', 'SELECT count(*) FROM pgbench_history'), 'the writes have stopped').toBe(history);

    const root = path.join(dataDir, 'clusters', id);
    const on = { vm3: ROWS_PORT, vm4: PHYSICAL_PORT };
    for (const table of TABLES) {
      const source = vm1.psql('bank', md5Sql(table));
      for (const [node, port] of Object.entries(on)) await eventually(() => psql(root, node, port, 'bank', md5Sql(table)), (v) => v === source, 30_000);
    }
    // The clone kept none of its publisher's publications or slots, and follows no one.
    const vm4 = (sql: string) => psql(root, 'vm4', PHYSICAL_PORT, 'bank', sql);
    expect(vm4('SELECT count(*) FROM pg_publication')).toBe('0');
    expect(vm4('SELECT count(*) FROM pg_replication_slots')).toBe('0');
    expect(vm4('SELECT pg_is_in_recovery()')).toBe('f');
    expect(vm4(`SELECT string_agg(DISTINCT srsubstate::text, ',') FROM pg_subscription_rel`)).toBe('r');

    // Re-applying changes nothing, and drift finds nothing.
    const again = await waitForJob(panel.url, (await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`, topology)).body.jobId);
    expect(failedSteps(again)).toEqual([]);
    expect(changed(again)).toEqual([]);
    const drift = await api<{ drift: unknown[] }>(panel.url, 'POST', `/api/clusters/${id}/drift`);
    expect(drift.body.drift).toEqual([]);
  });
});
