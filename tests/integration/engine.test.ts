import { execFileSync } from 'node:child_process';
import { rmSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import example from '../../examples/four-node.local.json';
import { api, failedSteps, waitForJob, type JobView } from './helpers/api';
import { eventually, processesMentioning, psql, stopAllClusters } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { checkReachable } from '@/lib/jobs/handlers/preflight';
import { LocalExecutor } from '@/lib/hosts/local-executor';
import { compilePlan } from '@/lib/plan/compile';
import { validateTopology } from '@/lib/topology';
import { createCa, issueNodeCertificate } from '@/lib/tls/certificates';
import type { StepContext } from '@/lib/jobs/step-context';

const PORT = 3101;
const ports: Record<string, number> = { vm1: 55431, vm2: 55432, vm3: 55433, vm4: 55434 };

describe('the four-node reference topology on local clusters, through the API', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let clusterId = '';
  let root = '';
  const q = (node: string, sql: string, db = 'technolabels') => psql(root, node, ports[node]!, db, sql);

  beforeAll(async () => {
    panel = await startPanel(PORT, dataDir);
  });

  afterAll(async () => {
    try {
      if (clusterId) {
        const res = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${clusterId}`);
        if (res.status === 202) await waitForJob(panel.url, res.body.jobId, 60_000);
      }
    } catch {
      // fall through to the hard clean-up
    }
    await panel?.kill();
    stopAllClusters(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies the example, and a panel killed mid-apply resumes the job on restart', async () => {
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', example);
    expect(created.status).toBe(201);
    clusterId = created.body.id;
    root = path.join(dataDir, 'clusters', clusterId);

    // Kill the panel (SIGKILL: no clean shutdown) once vm1 and vm2 exist but nothing replicates yet.
    const midway = await waitForJob(panel.url, created.body.jobId, 120_000, (j) => j.steps.find((s) => s.id === 'vm2/create-table/test2')?.status === 'changed' || j.status !== 'running');
    expect(midway.status, failedSteps(midway).join('; ')).toBe('running');
    await panel.kill('SIGKILL');
    panel = await startPanel(PORT, dataDir);

    const job = await waitForJob(panel.url, created.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    expect(job.status).toBe('succeeded');
    expect(job.steps.every((s) => s.status === 'changed' || s.status === 'unchanged')).toBe(true);
    // Steps finished before the kill were not redone.
    expect(job.steps.find((s) => s.id === 'vm1/init-cluster')?.status).toBe('changed');
  });

  it('refuses a second job for the cluster while one is active', async () => {
    const first = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`);
    expect(first.status).toBe(202);
    const second = await api<{ errors: unknown[] }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`);
    expect(second.status).toBe(409);
    await waitForJob(panel.url, first.body.jobId);
  });

  it('replicates rows vm1 → vm2, vm3, vm4 and vm2 → vm1, vm3, vm4', async () => {
    q('vm1', "INSERT INTO test (data) VALUES ('from vm1 by psql')");
    const viaApi = await api<{ id: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/test-rows`, { node: 'vm2', table: 'test2', data: 'from vm2 by the panel' });
    expect(viaApi.status).toBe(201);
    for (const node of ['vm2', 'vm3', 'vm4']) {
      await eventually(() => q(node, "SELECT count(*) FROM test WHERE data = 'from vm1 by psql'"), (v) => v === '1');
    }
    for (const node of ['vm1', 'vm3', 'vm4']) {
      await eventually(() => q(node, "SELECT count(*) FROM test2 WHERE data = 'from vm2 by the panel'"), (v) => v === '1');
    }
    const rows = await api<{ nodes: Record<string, { rows: Array<{ data: string }> }> }>(panel.url, 'GET', `/api/clusters/${clusterId}/rows?table=test2&limit=5`);
    expect(Object.keys(rows.body.nodes).sort()).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
    expect(rows.body.nodes.vm4?.rows[0]?.data).toBe('from vm2 by the panel');
  });

  it('streams vm4 from vm3 through replication_slot_4, read-only', async () => {
    const receiver = await eventually(() => q('vm4', 'SELECT status, sender_port, slot_name FROM pg_stat_wal_receiver', 'postgres'), (v) => v.startsWith('streaming'));
    expect(receiver).toBe(`streaming|${ports.vm3}|replication_slot_4`);
    expect(q('vm4', 'SELECT pg_is_in_recovery()', 'postgres')).toBe('t');
    expect(q('vm3', "SELECT active FROM pg_replication_slots WHERE slot_name = 'replication_slot_4'", 'postgres')).toBe('t');
    const refused = await api(panel.url, 'POST', `/api/clusters/${clusterId}/test-rows`, { node: 'vm4', table: 'test' });
    expect(refused.status).toBe(409);
  });

  it('uses non-superuser replication roles, scram passwords and narrow access lines', () => {
    expect(q('vm1', "SELECT rolsuper, rolreplication, rolcanlogin, left(rolpassword, 14) FROM pg_authid WHERE rolname = 'pgcascade_logical'", 'postgres')).toBe('f|t|t|SCRAM-SHA-256$');
    expect(q('vm3', "SELECT rolsuper, rolreplication FROM pg_authid WHERE rolname = 'pgcascade_physical'", 'postgres')).toBe('f|t');
    expect(q('vm1', "SELECT has_table_privilege('pgcascade_logical', 'public.test', 'SELECT')")).toBe('t');
    expect(q('vm1', 'SHOW wal_level', 'postgres')).toBe('logical');
    expect(q('vm3', 'SHOW archive_mode', 'postgres')).toBe('on');
    const hba = readFileSync(path.join(root, 'vm3', 'pgdata', 'pg_hba.conf'), 'utf8');
    const block = hba.slice(hba.indexOf('# BEGIN pgcascade'), hba.indexOf('# END pgcascade'));
    expect(block.split('\n').filter((l) => l.startsWith('host'))).toEqual(['host\treplication\tpgcascade_physical\t127.0.0.1/32\tscram-sha-256']);
  });

  it('changes nothing on a second apply', async () => {
    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`);
    const job: JobView = await waitForJob(panel.url, again.body.jobId);
    expect(job.status).toBe('succeeded');
    expect(job.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`)).toEqual([]);
  });

  it('turns TLS on as a planned change: every replication connection encrypted and verified, plain peers refused, no password in primary_conninfo', async () => {
    const withTls = { ...example, tls: true };
    const preview = await api<{ steps: Array<{ id: string; live?: { action: string } }> }>(panel.url, 'POST', `/api/clusters/${clusterId}/plan`, withTls);
    expect(preview.status).toBe(200);
    const planned = preview.body.steps.filter((s) => s.live && s.live.action !== 'none').map((s) => s.id);
    expect(planned).toEqual(expect.arrayContaining(['vm1/write-tls', 'vm4/write-tls', 'vm1/set-settings', 'vm1/write-pg-hba', 'vm3/create-subscription/sub_test_vm1', 'vm4/clone-standby']));
    const applied = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`, withTls);
    expect(applied.status).toBe(202);
    const job = await waitForJob(panel.url, applied.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    expect(job.steps.find((s) => s.id === 'vm4/clone-standby')?.status).toBe('changed'); // repointed, not re-cloned
    expect(job.steps.find((s) => s.id === 'vm4/check-reachable/vm3')?.status).toBe('unchanged');

    // Walsenders on the publishers and on vm3 (vm4's upstream): all over TLS.
    const walsenders = { vm1: 2, vm2: 2, vm3: 1 } as const;
    for (const [node, count] of Object.entries(walsenders)) {
      const sql = "SELECT count(*) FILTER (WHERE s.ssl) || '/' || count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.backend_type = 'walsender'";
      await eventually(() => q(node, sql, 'postgres'), (v) => v === `${count}/${count}`, 30_000);
    }
    expect(q('vm3', 'SELECT string_agg(subconninfo, \' \') FROM pg_subscription', 'technolabels')).toMatch(/sslmode='?verify-full'?.*sslrootcert=/);
    const hba = readFileSync(path.join(root, 'vm1', 'pgdata', 'pg_hba.conf'), 'utf8');
    expect(hba).toContain('hostssl\ttechnolabels\tpgcascade_logical\t127.0.0.1/32\tscram-sha-256');

    // A peer without TLS is turned away by pg_hba.conf, before any password.
    const plain = (() => {
      try {
        execFileSync('psql', ['-X', '-w', '-d', `host=127.0.0.1 port=${ports.vm1} dbname=technolabels user=pgcascade_logical sslmode=disable`, '-c', 'SELECT 1'], { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, PGPASSWORD: 'wrong' } });
        return 'connected';
      } catch (err) {
        return String((err as { stderr?: string }).stderr);
      }
    })();
    expect(plain).toMatch(/pg_hba\.conf rejects connection .*pgcascade_logical.*no encryption/);

    // The standby reads its password from its own passfile (0600); postgresql.auto.conf holds none.
    const auto = readFileSync(path.join(root, 'vm4', 'pgdata', 'postgresql.auto.conf'), 'utf8');
    expect(auto).not.toMatch(/password/i);
    expect(auto).toMatch(/primary_conninfo = '.*passfile=.*vm4\/pgpass.*sslmode=''verify-full''/);
    expect(statSync(path.join(root, 'vm4', 'pgpass')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(root, 'vm1', 'tls', 'server.key')).mode & 0o777).toBe(0o600);

    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/apply`);
    const second: JobView = await waitForJob(panel.url, again.body.jobId);
    expect(second.steps.filter((s) => s.status !== 'unchanged').map((s) => `${s.id}=${s.status}`)).toEqual([]);
  });

  it('fails the pre-flight of a path whose upstream serves a certificate from another CA, with the reason; drift sees it and reconcile puts the right one back', async () => {
    const tlsDir = path.join(root, 'vm3', 'tls');
    const foreign = issueNodeCertificate(createCa('someone else'), 'vm3', ['127.0.0.1', 'localhost']);
    // The files exist (owned by the clusters' user): rewriting them in place keeps owner and mode.
    const put = (file: string, content: string) => writeFileSync(path.join(tlsDir, file), content);
    put('server.crt', foreign.cert);
    put('server.key', foreign.key);
    q('vm3', 'SELECT pg_reload_conf()', 'postgres');

    const t = validateTopology({ ...example, tls: true });
    if (!t.ok) throw new Error('example does not validate');
    const layout = { kind: 'local' as const, binDir: path.dirname(execFileSync('sh', ['-c', 'readlink -f "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)"'], { encoding: 'utf8' }).trim()), root, runAs: process.getuid?.() === 0 ? 'postgres' : null };
    const step = compilePlan(t.topology, { layout }).steps.find((s) => s.id === 'vm4/check-reachable/vm3');
    if (!step) throw new Error('no check-reachable step');
    const logs: string[] = [];
    const ctx = { topology: t.topology, executor: new LocalExecutor(), secrets: {}, log: (_: string, text: string) => logs.push(text), throwIfCancelled: () => undefined } as unknown as StepContext;
    const err = await checkReachable(ctx, step).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('PreflightError');
    expect((err as Error).message).toMatch(/^vm4 cannot verify vm3's TLS certificate at 127\.0\.0\.1:\d+ .*certificate verify failed/);

    const drift = await api<{ drift: Array<{ stepId?: string; what?: string }> }>(panel.url, 'POST', `/api/clusters/${clusterId}/drift`);
    expect(JSON.stringify(drift.body.drift)).toMatch(/not signed by the cluster's CA/);
    const reconcile = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${clusterId}/reconcile`);
    expect(reconcile.status).toBe(202);
    const fixed = await waitForJob(panel.url, reconcile.body.jobId);
    expect(failedSteps(fixed)).toEqual([]);
    await expect(checkReachable(ctx, step)).resolves.toBe('unchanged');
  });

  it('destroys every cluster process and folder', async () => {
    const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${clusterId}`);
    expect(destroyed.status).toBe(202);
    const job = await waitForJob(panel.url, destroyed.body.jobId);
    expect(job.status).toBe('succeeded');
    expect(processesMentioning(root)).toEqual([]);
    expect(existsSync(root)).toBe(false);
    expect((await api(panel.url, 'GET', `/api/clusters/${clusterId}`)).status).toBe(404);
    clusterId = '';
  });
});
