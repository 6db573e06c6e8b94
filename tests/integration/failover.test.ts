import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import example from '../../examples/four-node.local.json';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { eventually, pgBin, psql, psqlArgv, runAsPostgres } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';
import { startWriter } from './helpers/writer';

const ports: Record<string, number> = { vm1: 55641, vm2: 55642, vm3: 55643, vm4: 55644 };
const DB = 'technolabels';

interface LossReport {
  subscription: string;
  lost: boolean;
  fencedCleanly: boolean;
  action: string;
  tables: Array<{ table: string; missing: number; keys: string[] }>;
}
const lossReports = (job: JobView) =>
  job.steps.filter((s) => s.kind === 'check-loss').map((s) => s.result as LossReport);

interface SequenceReport {
  margin: number;
  unreachable: string[];
  sequences: Array<{ name: string; publisherValue: number | null; maxValue: number; value: number }>;
}
const sequenceReport = (job: JobView) => {
  const step = job.steps.find((s) => s.kind === 'sync-sequences');
  expect(step?.status).toBe('changed');
  return step!.result as SequenceReport;
};

describe('failover and switchover of the read replica', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';
  const q = (node: string, sql: string) => psql(root, node, ports[node]!, DB, sql);
  const ids = (node: string, table: string) =>
    new Set(q(node, `SELECT id FROM ${table}`).split('\n').filter(Boolean).map(Number));

  beforeAll(async () => {
    panel = await startPanel(3108, dataDir);
    ({ id, root } = await applyLocalCluster(panel, {
      ...example,
      nodes: example.nodes.map((n) => ({ ...n, port: ports[n.name] })),
    }));
  });
  afterAll(() => removePanel(panel, dataDir));

  it('refuses to promote a node that is not a standby, with the reason at "promote"', async () => {
    const r = await api<{ errors: Array<{ path: string; message: string }> }>(
      panel.url,
      'POST',
      `/api/clusters/${id}/failover`,
      { promote: 'vm1' },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toEqual({ path: 'promote', message: 'vm1 is not a standby in this cluster' });
  });

  it('refuses a sequence margin that is not a whole number of 0 or more, at "sequenceMargin"', async () => {
    for (const sequenceMargin of [-1, 2.5, 'lots']) {
      const r = await api<{ errors: Array<{ path: string; message: string }> }>(
        panel.url,
        'POST',
        `/api/clusters/${id}/failover`,
        { promote: 'vm4', sequenceMargin },
      );
      expect(r.status).toBe(422);
      expect(r.body.errors.map((e) => e.path)).toEqual(['sequenceMargin']);
    }
  });

  it('fails vm3 over to vm4 while writers insert on vm1 and vm2 every 50 ms: every acknowledged row reaches vm4', async () => {
    const w1 = startWriter(psqlArgv(root, 'vm1', ports.vm1!, DB), 'test', 'writer1');
    const w2 = startWriter(psqlArgv(root, 'vm2', ports.vm2!, DB), 'test2', 'writer2');
    await new Promise((r) => setTimeout(r, 1500));
    const started = await api<{ jobId: string; replaced: string }>(
      panel.url,
      'POST',
      `/api/clusters/${id}/failover`,
      { promote: 'vm4', sequenceMargin: 500 },
    );
    expect(started.status).toBe(202);
    expect(started.body.replaced).toBe('vm3');
    const job = await waitForJob(panel.url, started.body.jobId, 120_000);
    expect(failedSteps(job)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    const [r1, r2] = await Promise.all([w1.stop(), w2.stop()]);
    expect(r1.acked.length).toBeGreaterThan(20);
    expect(r2.acked.length).toBeGreaterThan(20);

    const reports = lossReports(job);
    expect(reports.map((r) => r.subscription).sort()).toEqual(['sub_test2_vm2', 'sub_test_vm1']);
    // vm3 answered, so it was fenced cleanly: vm4 had everything vm3 had confirmed and took the slots over.
    for (const r of reports)
      expect(r).toMatchObject({
        fencedCleanly: true,
        lost: false,
        action: `took over slot ${r.subscription}`,
      });
    // Sequences are not replicated: vm4's are behind the rows it received, and the job says how to fix them.
    const resumed = job.steps.find((s) => s.kind === 'resume-subscriptions')?.result as {
      sequencesBehind: Array<{ sequence: string; fix: string }>;
    };
    expect(resumed.sequencesBehind.map((b) => b.sequence).sort()).toEqual(['test2_id_seq', 'test_id_seq']);
    expect(resumed.sequencesBehind[0]?.fix).toMatch(/^SELECT setval\(/);

    await eventually(
      () => ids('vm4', 'test'),
      (have) => r1.acked.every((i) => have.has(i)),
      30_000,
    );
    await eventually(
      () => ids('vm4', 'test2'),
      (have) => r2.acked.every((i) => have.has(i)),
      30_000,
    );
    expect(q('vm4', 'SELECT pg_is_in_recovery()')).toBe('f');

    // The job set vm4's sequences past its publishers' values and its own rows, + the margin asked for, and logged each.
    const synced = sequenceReport(job);
    expect(synced.margin).toBe(500);
    expect(synced.unreachable).toEqual([]);
    expect(synced.sequences.map((x) => x.name).sort()).toEqual(['test2_id_seq', 'test_id_seq']);
    for (const x of synced.sequences) expect(x.value).toBe(Math.max(x.publisherValue ?? 0, x.maxValue) + 500);
    const log = (await api<{ lines: Array<{ text: string }> }>(panel.url, 'GET', `/api/jobs/${job.id}/log?after=0`)).body.lines.map((l) => l.text);
    for (const x of synced.sequences)
      expect(log.some((l) => l.startsWith(`SELECT setval('public.${x.name}', ${x.value}, true)`))).toBe(true);
    for (const [table, seq] of [['test', 'test_id_seq'], ['test2', 'test2_id_seq']] as const) {
      const target = synced.sequences.find((x) => x.name === seq)!;
      const maxId = Number(q('vm4', `SELECT max(id) FROM ${table}`));
      const next = Number(q('vm4', `SELECT nextval('${seq}')`));
      expect(next).toBe(target.value + 1);
      expect(next).toBeGreaterThan(maxId);
      // A row made on vm4 with the column's default does not collide with a replicated one.
      const own = Number(q('vm4', `WITH i AS (INSERT INTO ${table} (data) VALUES ('own row on vm4') RETURNING id) SELECT id FROM i`));
      expect(own).toBe(target.value + 2);
      q('vm4', `DELETE FROM ${table} WHERE data = 'own row on vm4'`);
    }
    expect(() =>
      runAsPostgres([pgBin('pg_ctl'), 'status', '-D', path.join(root, 'vm3', 'pgdata')]),
    ).toThrow();

    const cluster = (
      await api<{
        topology: {
          nodes: Array<{ name: string }>;
          subscriptions: Array<{ node: string }>;
          standbys: unknown[];
        };
      }>(panel.url, 'GET', `/api/clusters/${id}`)
    ).body;
    expect(cluster.topology.nodes.map((n) => n.name)).toEqual(['vm1', 'vm2', 'vm4']);
    expect(cluster.topology.standbys).toEqual([]);
    expect(cluster.topology.subscriptions.filter((s) => s.node === 'vm4').length).toBe(2);

    // Test rows from vm1 and vm2 now arrive on vm4.
    const row = await api<{ id: number }>(panel.url, 'POST', `/api/clusters/${id}/test-rows`, {
      node: 'vm1',
      table: 'test',
    });
    expect(row.status).toBe(201);
    q('vm2', "INSERT INTO test2 (data) VALUES ('after failover')");
    await eventually(
      () => q('vm4', "SELECT count(*) FROM test2 WHERE data = 'after failover'"),
      (v) => v === '1',
      15_000,
    );
  });

  it("rebuilds vm3 as vm4's standby, then fails over to it while it is behind and vm4 is dead: the loss check re-copies the missing rows", async () => {
    // vm3 left in the failover: it is offered for a rebuild as the standby of vm4, which replaced it.
    const retired = await api<{ retired: Array<{ node: string; upstream: string }> }>(
      panel.url,
      'GET',
      `/api/clusters/${id}/rebuild`,
    );
    expect(retired.body.retired).toMatchObject([{ node: 'vm3', upstream: 'vm4' }]);
    const apply = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/rebuild`, {
      node: 'vm3',
    });
    expect(apply.status).toBe(202);
    expect(failedSteps(await waitForJob(panel.url, apply.body.jobId))).toEqual([]);
    const standbys = (
      await api<{ topology: { standbys: unknown[] } }>(panel.url, 'GET', `/api/clusters/${id}`)
    ).body.topology.standbys;
    expect(standbys).toEqual([{ node: 'vm3', upstream: 'vm4', walArchive: true }]);
    expect(
      (await api<{ retired: unknown[] }>(panel.url, 'GET', `/api/clusters/${id}/rebuild`)).body.retired,
    ).toEqual([]);
    await eventually(
      () => q('vm3', 'SELECT pg_is_in_recovery()'),
      (v) => v === 't',
    );

    await eventually(
      () => q('vm3', 'SELECT status FROM pg_stat_wal_receiver'),
      (v) => v === 'streaming',
    );
    // Cut vm3 off its upstream (no primary_conninfo, so no WAL receiver): vm4 keeps applying and confirming
    // to vm1 while vm3 falls behind.
    q('vm3', "ALTER SYSTEM SET primary_conninfo = ''");
    q('vm3', 'SELECT pg_reload_conf()');
    await eventually(
      () => q('vm3', 'SELECT count(*) FROM pg_stat_wal_receiver'),
      (v) => v === '0',
    );
    q('vm1', "INSERT INTO test (data) SELECT 'while behind ' || g FROM generate_series(1, 50) g");
    await eventually(
      () => q('vm4', "SELECT count(*) FROM test WHERE data LIKE 'while behind %'"),
      (v) => v === '50',
    );
    expect(q('vm3', "SELECT count(*) FROM test WHERE data LIKE 'while behind %'")).toBe('0');
    // vm4 dies without a word (no clean shutdown), taking its WAL with it.
    execFileSync('pkill', ['-KILL', '-f', `postgres -D ${path.join(root, 'vm4', 'pgdata')}`]);
    const started = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/failover`, {
      promote: 'vm3',
    });
    expect(started.status).toBe(202);
    const job = await waitForJob(panel.url, started.body.jobId, 120_000);
    expect(failedSteps(job)).toEqual([]);
    const test = lossReports(job).find((r) => r.subscription === 'sub_test_vm1')!;
    expect(test).toMatchObject({ fencedCleanly: false });
    expect(test.action).toContain('moved to slot sub_test_vm1_takeover');
    // The 50 rows vm4 had applied and confirmed, and vm3 never received, were found and re-copied.
    expect(test.lost).toBe(true);
    expect(test.tables.find((t) => t.table === 'test')?.missing).toBe(50);
    expect(q('vm3', "SELECT count(*) FROM test WHERE data LIKE 'while behind %'")).toBe('50');
    q('vm1', "INSERT INTO test (data) VALUES ('after second failover')");
    await eventually(
      () => q('vm3', "SELECT count(*) FROM test WHERE data = 'after second failover'"),
      (v) => v === '1',
      15_000,
    );
    // Nothing arrived twice, and vm1 keeps no slot for the dead node.
    expect(q('vm3', 'SELECT count(*) - count(DISTINCT id) FROM test')).toBe('0');
    // With the default margin, vm3's sequence is past every row it has.
    expect(sequenceReport(job).margin).toBe(1000);
    expect(Number(q('vm3', "SELECT nextval('test_id_seq')"))).toBeGreaterThan(Number(q('vm3', 'SELECT max(id) FROM test')) + 999);
    expect(
      q('vm1', "SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'logical'").split('\n'),
    ).not.toContain('sub_test_vm1');
  });
});
