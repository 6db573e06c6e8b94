import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sshExample from '../../examples/four-node.ssh.json';
import { api, failedSteps, getJob, waitForJob, type JobView } from '../integration/helpers/api';
import { eventually } from '../integration/helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from '../integration/helpers/server';
import { acceptTestbedHostKeys, onHost, psqlOnHostArgv, rootKey, sqlOnHost, testbedUp } from '../integration/helpers/testbed';
import { startWriter } from '../integration/helpers/writer';
import { poll } from '../integration/helpers/poll';
import { recordScenario } from './results';

const DB = 'technolabels';
const PANEL_PORT = 3170;

interface Status {
  nodes: Array<{ name: string; up: boolean }>;
  slots: Array<{ node: string; slot: string; active: boolean; retainedBytes: number | null }>;
  alerts: Array<{ key: string; startedAt: string; clearedAt: string | null }>;
}
interface Diagnosis {
  id: string;
  node?: string;
  action?: { kind: string; node: string; subscription: string; lsn?: string };
}

const topology = () => ({
  ...sshExample,
  nodes: sshExample.nodes.map((n) => ({ ...n, ssh: { user: 'root', privateKey: rootKey() } })),
});
const ids = (node: string, table: string) =>
  new Set(sqlOnHost(node, DB, `SELECT id FROM ${table}`).split('\n').filter(Boolean).map(Number));
const missingOn = (node: string, table: string, acked: number[]) => {
  const have = ids(node, table);
  return acked.filter((i) => !have.has(i));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!testbedUp)('fault scenarios on the four-host test bed', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  const status = async () => (await api<Status>(panel.url, 'GET', `/api/clusters/${id}/status`)).body;
  /** The alerts with this key prefix that started since `since` (ms): earlier, cleared ones do not count. */
  const alertsSince = (prefix: string, since: number) => async () => {
    const s = await status();
    return s.alerts.filter(
      (a) => a.key.startsWith(prefix) && new Date(a.startedAt).getTime() >= since - 1000,
    );
  };

  beforeAll(async () => {
    panel = await startPanel(PANEL_PORT, dataDir);
    await acceptTestbedHostKeys(panel.url);
  });
  afterAll(async () => {
    await panel?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('2. stop vm3 in the middle of the apply: the job fails at that step with the reason; start it, Retry: it finishes, nothing doubled', async () => {
    const t0 = Date.now();
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology());
    expect(created.status).toBe(201);
    id = created.body.id;
    const jobId = created.body.jobId;
    await waitForJob(
      panel.url,
      jobId,
      180_000,
      (j) =>
        j.steps.some((s) => s.id === 'vm4/clone-standby' && s.status === 'running') ||
        !['queued', 'running'].includes(j.status),
    );
    onHost('vm3', 'pg_ctlcluster 15 main stop -m immediate');
    const failed = await waitForJob(panel.url, jobId);
    expect(failed.status).toBe('failed');
    const reason = failedSteps(failed)[0] ?? '';
    expect(reason).toMatch(/^vm[34]\//);
    onHost('vm3', 'pg_ctlcluster 15 main start');
    expect((await api(panel.url, 'POST', `/api/jobs/${jobId}/retry`)).status).toBe(202);
    const retried = await waitForJob(panel.url, jobId);
    expect(failedSteps(retried)).toEqual([]);
    expect(retried.status).toBe('succeeded');
    const count = (node: string, sql: string) => Number(sqlOnHost(node, DB, sql));
    expect(count('vm1', 'SELECT count(*) FROM pg_publication')).toBe(2);
    expect(count('vm3', 'SELECT count(*) FROM pg_subscription')).toBe(2);
    expect(count('vm3', "SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'physical'")).toBe(1);
    expect(count('vm1', "SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'logical'")).toBe(2);
    // The resumed apply left the SSH hosts exactly as the topology says: no drift.
    const drift = await api<{ drift: unknown[]; error: string | null }>(
      panel.url,
      'POST',
      `/api/clusters/${id}/drift`,
    );
    expect(drift.body).toMatchObject({ drift: [], error: null });
    recordScenario({
      scenario: '2. vm3 stopped mid-apply, Retry',
      durationMs: Date.now() - t0,
      written: null,
      found: null,
      lost: null,
      outcome: `failed at ${reason.split(':')[0]}, resumed and succeeded; no duplicate objects`,
    });
  });

  it('3. kill the panel in the middle of a job; start it: the job resumes and succeeds', async () => {
    const t0 = Date.now();
    const queued = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`);
    expect(queued.status).toBe(202);
    await waitForJob(
      panel.url,
      queued.body.jobId,
      120_000,
      (j) =>
        j.steps.filter((s) => s.status === 'unchanged' || s.status === 'changed').length >= 5 ||
        !['queued', 'running'].includes(j.status),
    );
    const before = await getJob(panel.url, queued.body.jobId);
    expect(before.status).toBe('running');
    await panel.kill('SIGKILL');
    panel = await startPanel(PANEL_PORT, dataDir);
    const job = await waitForJob(panel.url, queued.body.jobId);
    expect(job.status).toBe('succeeded');
    const done = before.steps.filter((s) => s.status === 'unchanged' || s.status === 'changed').length;
    recordScenario({
      scenario: '3. panel killed mid-job, restarted',
      durationMs: Date.now() - t0,
      written: null,
      found: null,
      lost: null,
      outcome: `killed after ${done}/${job.steps.length} steps; resumed and succeeded`,
    });
  });

  it('1. cut vm4 off the network for 10 s while vm1 takes writes: the alert fires and clears, vm4 has every row', async () => {
    const t0 = Date.now();
    await poll(status, (s) => s.nodes.length === 4 && s.nodes.every((n) => n.up), 30_000, 'all nodes up');
    const writer = startWriter(psqlOnHostArgv('vm1', DB), 'test', 'cut');
    await sleep(1000);
    execFileSync('ip', ['-n', 'pgc-vm4', 'link', 'set', 'eth0', 'down']);
    const cutAt = Date.now();
    let alerts: Status['alerts'];
    try {
      alerts = await poll(alertsSince('node-down:vm4', cutAt), (a) => a.length > 0, 8_000, 'the vm4 alert');
      await sleep(Math.max(0, 10_000 - (Date.now() - cutAt)));
    } finally {
      execFileSync('ip', ['-n', 'pgc-vm4', 'link', 'set', 'eth0', 'up']);
    }
    alerts = await poll(
      alertsSince('node-down:vm4', cutAt),
      (a) => a.length > 0 && a.every((x) => x.clearedAt !== null),
      60_000,
      'the vm4 alert cleared',
    );
    await sleep(1000);
    const { acked } = await writer.stop();
    const lost = await eventually(
      () => missingOn('vm4', 'test', acked),
      (m) => m.length === 0,
      60_000,
    );
    recordScenario({
      scenario: '1. vm4 cut off for 10 s while writing',
      durationMs: Date.now() - t0,
      written: acked.length,
      found: acked.length - lost.length,
      lost: lost.length,
      outcome: `alert ${alerts.map((a) => a.key).join(', ')} raised and cleared; vm4 caught up`,
    });
  });

  it('5. a duplicate-key apply error on vm3: the diagnosis offers SKIP, applying it resumes replication', async () => {
    const t0 = Date.now();
    sqlOnHost('vm3', DB, "INSERT INTO test (id, data) VALUES (900000, 'written on vm3 directly')");
    sqlOnHost('vm1', DB, "INSERT INTO test (id, data) VALUES (900000, 'from vm1')");
    const diagnoses = async () =>
      (await api<{ diagnoses: Diagnosis[] }>(panel.url, 'GET', `/api/clusters/${id}/diagnoses`)).body
        .diagnoses;
    const found = await poll(
      diagnoses,
      (d) => d.some((x) => x.id === 'apply-duplicate-key' && x.action?.kind === 'skip-transaction'),
      30_000,
      'the duplicate-key diagnosis',
    );
    const skip = found.find((x) => x.id === 'apply-duplicate-key')!.action!;
    expect(skip).toMatchObject({ node: 'vm3', subscription: 'sub_test_vm1' });
    const applied = await api(panel.url, 'POST', `/api/clusters/${id}/subscription-actions`, {
      node: skip.node,
      subscription: skip.subscription,
      action: 'skip',
      lsn: skip.lsn,
    });
    expect(applied.status).toBe(200);
    sqlOnHost('vm1', DB, "INSERT INTO test (data) VALUES ('after the skip')");
    await eventually(
      () => sqlOnHost('vm3', DB, "SELECT count(*) FROM test WHERE data = 'after the skip'"),
      (v) => v === '1',
      60_000,
    );
    await poll(
      diagnoses,
      (d) => !d.some((x) => x.id === 'apply-duplicate-key'),
      60_000,
      'the diagnosis gone',
    );
    const kept = sqlOnHost('vm3', DB, 'SELECT data FROM test WHERE id = 900000');
    recordScenario({
      scenario: '5. duplicate key on vm3, SKIP',
      durationMs: Date.now() - t0,
      written: 2,
      found: 1,
      lost: 1,
      outcome: `diagnosis with SKIP (lsn ${skip.lsn}); replication resumed; vm3 keeps "${kept}" (the skipped transaction is lost on vm3 by design)`,
    });
  });

  it('6. stop vm4 for a minute while writing: vm3 retains WAL for its slot and alerts; started again, vm4 catches up', async () => {
    const t0 = Date.now();
    onHost('vm4', 'pg_ctlcluster 15 main stop -m fast');
    const writer = startWriter(psqlOnHostArgv('vm1', DB), 'test', 'vm4-down');
    const slot = async () => (await status()).slots.find((s) => s.node === 'vm3');
    const first = await poll(
      slot,
      (s) => s?.active === false && s.retainedBytes !== null,
      20_000,
      'vm3 slot inactive',
    );
    await poll(
      alertsSince('slot-inactive:vm3/', t0),
      (a) => a.some((x) => x.clearedAt === null),
      20_000,
      'the slot alert',
    );
    for (let i = 0; i < 5; i++) {
      sqlOnHost(
        'vm1',
        DB,
        "INSERT INTO test (data) SELECT 'bulk while vm4 is down' FROM generate_series(1, 20000)",
      );
      await sleep(8000);
    }
    const grown = await poll(
      slot,
      (s) => (s?.retainedBytes ?? 0) > (first?.retainedBytes ?? 0),
      20_000,
      'retained WAL growing',
    );
    await sleep(Math.max(0, 60_000 - (Date.now() - t0)));
    onHost('vm4', 'pg_ctlcluster 15 main start');
    await sleep(1000);
    const { acked } = await writer.stop();
    const lost = await eventually(
      () => missingOn('vm4', 'test', acked),
      (m) => m.length === 0,
      120_000,
    );
    await poll(
      alertsSince('slot-inactive:vm3/', t0),
      (a) => a.every((x) => x.clearedAt !== null),
      30_000,
      'the slot alert cleared',
    );
    const mib = (b: number | null | undefined) => `${((b ?? 0) / 1024 ** 2).toFixed(1)} MiB`;
    recordScenario({
      scenario: '6. vm4 stopped for a minute while writing',
      durationMs: Date.now() - t0,
      written: acked.length,
      found: acked.length - lost.length,
      lost: lost.length,
      outcome: `vm3's slot retained ${mib(first?.retainedBytes)} → ${mib(grown?.retainedBytes)}; alert raised and cleared; vm4 caught up`,
    });
  });

  it('4. fail vm3 over to vm4 while writers insert on vm1 and vm2 every 50 ms: every acknowledged row is on vm4', async () => {
    const t0 = Date.now();
    const w1 = startWriter(psqlOnHostArgv('vm1', DB), 'test', 'failover1');
    const w2 = startWriter(psqlOnHostArgv('vm2', DB), 'test2', 'failover2');
    await sleep(1500);
    const started = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/failover`, {
      promote: 'vm4',
    });
    expect(started.status).toBe(202);
    const job: JobView = await waitForJob(panel.url, started.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    await sleep(1000);
    const [r1, r2] = await Promise.all([w1.stop(), w2.stop()]);
    const lost1 = await eventually(
      () => missingOn('vm4', 'test', r1.acked),
      (m) => m.length === 0,
      60_000,
    );
    const lost2 = await eventually(
      () => missingOn('vm4', 'test2', r2.acked),
      (m) => m.length === 0,
      60_000,
    );
    expect(sqlOnHost('vm4', DB, 'SELECT pg_is_in_recovery()')).toBe('f');
    const reports = job.steps
      .filter((s) => s.kind === 'check-loss')
      .map((s) => s.result as { subscription: string; lost: boolean; action: string });
    expect(reports.length).toBe(2);
    const written = r1.acked.length + r2.acked.length;
    const lost = lost1.length + lost2.length;
    recordScenario({
      scenario: '4. failover vm3→vm4 under writers',
      durationMs: Date.now() - t0,
      written,
      found: written - lost,
      lost,
      outcome: `loss check: ${reports.map((r) => `${r.subscription} ${r.lost ? 're-copied rows' : 'no loss'} (${r.action})`).join('; ')}`,
    });
  });
});
