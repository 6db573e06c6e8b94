import path from 'node:path';
import { chmodSync, readdirSync } from 'node:fs';
import { diagnoseAll } from '@/lib/diagnose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob } from './helpers/api';
import { eventually, pgBin, psql, runAsPostgres } from './helpers/psql';

import { backupNow, listBackups } from './helpers/backups';
import { poll } from './helpers/poll';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';

// backup's range: clusters 55860-55889, panels 3430-3439.
const ports = { vm1: 55861, vm2: 55862 };

/** A primary and its standby (with the plain WAL archive), backed up with pgBackRest from the standby. */
function topology(repo: string) {
  return {
    name: 'backup-demo',
    provider: 'local',
    postgresVersion: 15,
    database: 'app',
    tables: [{ name: 'items', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'batch', type: 'integer' }] }],
    nodes: [
      { name: 'vm1', port: ports.vm1 },
      { name: 'vm2', port: ports.vm2 },
    ],
    standbys: [{ node: 'vm2', upstream: 'vm1', walArchive: true }],
    backups: [{ node: 'vm1', fromStandby: 'vm2', repository: { type: 'posix', host: 'vm1', path: repo }, retention: { full: 2 } }],
  };
}

describe('backups with pgBackRest (local clusters)', () => {
  const dataDir = freshDataDir();
  const repo = path.join(dataDir, 'repo');
  let panel: PanelServer;
  let id = '';
  let root = '';
  const sql = (node: 'vm1' | 'vm2', text: string) => psql(root, node, ports[node], 'app', text);
  let betweenBatches = '';

  beforeAll(async () => {
    panel = await startPanel(3430, dataDir, { PGCASCADE_SAMPLER: 'off', PGCASCADE_SCRATCH_PORTS: '55880-55889', PGCASCADE_BACKUP_TICK_MS: '1000' });
    ({ id, root } = await applyLocalCluster(panel, topology(repo)));
  });
  afterAll(() => removePanel(panel, dataDir));

  const backup = (type: 'full' | 'diff' | 'incr') => backupNow(panel.url, id, type);
  const list = () => listBackups(panel.url, id);

  it('archives the node through pgBackRest and keeps the standby streaming; a second apply changes nothing', async () => {
    expect(sql('vm1', 'SHOW archive_command')).toContain('archive-push %p');
    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`);
    const job = await waitForJob(panel.url, again.body.jobId);
    expect(job.steps.filter((s) => s.status === 'changed').map((s) => s.id)).toEqual([]);
  });

  it('takes a full backup from the standby, then an incremental, listed with their WAL and LSNs', async () => {
    const full = await backup('full');
    const log = await api<{ lines: Array<{ text: string }> }>(panel.url, 'GET', `/api/jobs/${full.id}/log?after=0`);
    // pgBackRest copies the files from the standby: the node itself only archives WAL.
    expect(log.body.lines.map((l) => l.text).join('\n')).toMatch(/--backup-standby/);
    sql('vm1', 'INSERT INTO items SELECT g, 1 FROM generate_series(1, 100) g');
    await eventually(() => sql('vm2', 'SELECT count(*) FROM items'), (v) => v === '100');
    // PITR's target: between the first batch and the second.
    await new Promise((r) => setTimeout(r, 1100));
    betweenBatches = sql('vm1', "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    await new Promise((r) => setTimeout(r, 1100));
    sql('vm1', 'INSERT INTO items SELECT g, 2 FROM generate_series(101, 150) g');
    await backup('incr');
    sql('vm1', 'INSERT INTO items SELECT g, 3 FROM generate_series(151, 160) g');
    const { backups, archive } = await list();
    expect(backups.map((b) => b.type)).toEqual(['full', 'incr']);
    for (const b of backups) {
      expect(b.label).toMatch(/^\d{8}-\d{6}F/);
      expect(b.sizeBytes).toBeGreaterThan(1_000_000);
      expect(b.walStart).toMatch(/^[0-9A-F]{24}$/);
      expect(b.lsnStop).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(new Date(b.finishedAt) >= new Date(b.startedAt)).toBe(true);
    }
    expect(archive).toMatchObject({ failing: false, lastError: null });
    expect(archive.newest! >= backups[1]!.walStop).toBe(true);
  });

  it('restores to a time between the batches into a new scratch cluster: exactly the first batch is there', async () => {
    const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/restore`, { time: betweenBatches, target: { kind: 'scratch' } });
    expect(r.status).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    const report = job.steps[0]!.result as { port: number; dataDir: string; reachedAt: string | null; recoveryStop: string | null };
    expect(report.recoveryStop).toMatch(/recovery stopping before commit/);
    const scratch = path.basename(path.dirname(report.dataDir));
    try {
      expect(psql(root, scratch, report.port, 'app', 'SELECT batch, count(*) FROM items GROUP BY batch ORDER BY batch')).toBe('1|100');
      expect(new Date(report.reachedAt!) <= new Date(betweenBatches)).toBe(true);
    } finally {
      runAsPostgres([pgBin('pg_ctl'), '-D', report.dataDir, '-m', 'immediate', '-w', 'stop']);
    }
    // The running nodes were not touched.
    expect(sql('vm1', 'SELECT count(*) FROM items')).toBe('160');
  });

  it('a restore drill passes with every table matching, reports RTO, and removes its scratch cluster', async () => {
    sql('vm1', 'INSERT INTO items SELECT g, 4 FROM generate_series(161, 170) g');
    const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/drills`, {});
    expect(r.status).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    const { body } = await api<{ drills: Array<{ jobId: string; status: string; restoreSeconds: number; tables: Array<{ name: string; matched: boolean; rows: number }> }> }>(panel.url, 'GET', `/api/clusters/${id}/drills`);
    const drill = body.drills[0]!;
    expect(drill).toMatchObject({ jobId: r.body.jobId, status: 'succeeded' });
    expect(drill.restoreSeconds).toBeGreaterThan(0);
    expect(drill.tables).toContainEqual({ name: 'items', matched: true, rows: 170 });
    expect(drill.tables.every((t) => t.matched)).toBe(true);
    expect(readdirSync(root).filter((d) => d.startsWith('drill-'))).toEqual([]);
  });

  it('shows failed archiving with its message when archive_command breaks', async () => {
    sql('vm1', "ALTER SYSTEM SET archive_command = 'pgbackrest --stanza=no-such-stanza archive-push %p'");
    sql('vm1', 'SELECT pg_reload_conf()');
    // A switch needs WAL in the current segment.
    sql('vm1', 'INSERT INTO items VALUES (1000, 9)');
    sql('vm1', 'SELECT pg_switch_wal()');
    await poll(async () => (await list()).archive, (a) => a.failing && !!a.lastError, 10_000, 'archiving shown as failing, with its error');
    expect((await list()).archive.lastError).toMatch(/archive command failed/);
    sql('vm1', 'ALTER SYSTEM RESET archive_command');
    sql('vm1', 'SELECT pg_reload_conf()');
    await poll(async () => (await list()).archive.failing, (f) => !f, 70_000, 'archiving healthy again');
  });

  it('a repository made unwritable fails the next backup, with the diagnosis on its job and the alert', async () => {
    const folder = path.join(repo, 'backup', 'backup-demo-vm1');
    chmodSync(folder, 0o500);
    try {
      const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/backups`, { type: 'full' });
      const job = await waitForJob(panel.url, r.body.jobId);
      expect(job.status).toBe('failed');
      const step = job.steps[0]!;
      const error = step.error as { message: string; stderr?: string };
      // What the job page's failed-step panel diagnoses.
      expect(diagnoseAll(`${error.message}\n${error.stderr ?? ''}`).map((d) => d.id)).toContain('pgbackrest-repository-unwritable');
      const health = await api<{ alerts: Array<{ id: string; message: string }> }>(panel.url, 'GET', `/api/clusters/${id}/backups/health`);
      expect(health.body.alerts.map((a) => a.id)).toContain('backup-failed');
    } finally {
      chmodSync(folder, 0o750);
    }
  });

  it('runs a scheduled backup as a job once its cron slot comes', async () => {
    const backupJobs = async () => (await api<{ jobs: Array<{ id: string; kind: string; status: string }> }>(panel.url, 'GET', `/api/clusters/${id}`)).body.jobs.filter((j) => j.kind === 'backup');
    const before = (await backupJobs()).length;
    const t = topology(repo);
    const changed = { ...t, backups: [{ ...t.backups[0]!, schedule: { incremental: '* * * * *' } }] };
    const applied = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`, changed);
    expect(applied.status).toBe(202);
    const job = await waitForJob(panel.url, applied.body.jobId);
    // The schedule is part of pgBackRest's file: a planned change like the others.
    expect(job.steps.filter((s) => s.status === 'changed').map((s) => s.id)).toContain('vm1/write-pgbackrest-config');
    const jobs = await poll(backupJobs, (list) => list.length > before, 75_000, 'a scheduled backup job');
    const done = await waitForJob(panel.url, jobs[0]!.id);
    expect(done.status).toBe('succeeded');
    expect(done.steps[0]!.id).toBe('vm1/run-backup/incr');
  });

  it('survives a panel restart: the slot missed while it was down runs once when it returns', async () => {
    const backupJobs = async () => (await api<{ jobs: Array<{ id: string; kind: string; status: string }> }>(panel.url, 'GET', `/api/clusters/${id}`)).body.jobs.filter((j) => j.kind === 'backup');
    await poll(backupJobs, (jobs) => jobs.every((j) => j.status !== 'queued' && j.status !== 'running'), 60_000, 'every backup job ended');
    const before = (await backupJobs()).length;
    await panel.kill();
    // Down across the next minute's slot.
    const now = new Date();
    await new Promise((r) => setTimeout(r, 61_000 - now.getSeconds() * 1000 - now.getMilliseconds() + 1000));
    panel = await startPanel(3430, dataDir, { PGCASCADE_SAMPLER: 'off', PGCASCADE_SCRATCH_PORTS: '55880-55889', PGCASCADE_BACKUP_TICK_MS: '1000' });
    const jobs = await poll(backupJobs, (list) => list.length > before, 15_000, 'the missed backup run once after the restart');
    expect(jobs.length).toBe(before + 1);
    expect((await waitForJob(panel.url, jobs[0]!.id)).status).toBe('succeeded');
  });
});
