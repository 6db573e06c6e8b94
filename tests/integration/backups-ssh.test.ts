import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseAll } from '@/lib/diagnose';
import { api, failedSteps, waitForJob } from './helpers/api';
import { eventually } from './helpers/psql';
import { backupNow, listBackups } from './helpers/backups';
import { poll } from './helpers/poll';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { acceptTestbedHostKeys, ADDRESSES, knownHostsLine, onHost, rootKey, sqlOnHost, testbedUp } from './helpers/testbed';

const STANZA = 'ssh-backups-vm3';
const REPO = '/var/lib/pgbackrest';

/** vm3 with its standby vm4 on the test bed, backed up from vm4 into a repository on vm3. */
function topology() {
  const ssh = { user: 'root', privateKey: rootKey() };
  return {
    name: 'ssh-backups',
    provider: 'ssh',
    postgresVersion: 15,
    database: 'app',
    tables: [{ name: 'items', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'batch', type: 'integer' }] }],
    nodes: [
      { name: 'vm3', address: ADDRESSES.vm3, port: 5432, ssh },
      { name: 'vm4', address: ADDRESSES.vm4, port: 5432, ssh },
    ],
    standbys: [{ node: 'vm4', upstream: 'vm3', walArchive: true }],
    backups: [{ node: 'vm3', fromStandby: 'vm4', repository: { type: 'posix', host: 'vm3', path: REPO }, retention: { full: 2 } }],
  };
}

/** Put vm3 and vm4 back as testbed:up made them: vm3 a fresh 15/main (not started), vm4 none, no pgBackRest files. */
function resetHosts() {
  const pgbackrest = `rm -rf /etc/pgbackrest/* ${REPO}/* /var/log/pgbackrest/* /var/spool/pgbackrest/* /var/lib/postgresql/.ssh /var/lib/postgresql/pgcascade-scratch /var/lib/postgresql/15/wal-archive /tmp/pgbackrest/${STANZA}*`;
  try {
    onHost('vm4', `pg_dropcluster --stop 15 main 2>/dev/null; ${pgbackrest}; true`);
    onHost('vm3', `pg_dropcluster --stop 15 main 2>/dev/null; ${pgbackrest}; pg_createcluster -p 5432 15 main >/dev/null`);
  } catch (err) {
    console.warn(`resetting vm3 and vm4 failed: ${(err as Error).message}`);
  }
}

describe.skipIf(!testbedUp)('backups with pgBackRest on SSH hosts (test bed): from vm4, repository on vm3', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let betweenBatches = '';
  const sql = (node: 'vm3' | 'vm4', text: string) => sqlOnHost(node, 'app', text);

  beforeAll(async () => {
    resetHosts();
    panel = await startPanel(3460, dataDir, { PGCASCADE_SAMPLER: 'off', PGCASCADE_BACKUP_SCHEDULES: 'off' });
    await acceptTestbedHostKeys(panel.url);
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology());
    expect(created.status).toBe(201);
    id = created.body.id;
    const job = await waitForJob(panel.url, created.body.jobId, 300_000);
    expect(failedSteps(job)).toEqual([]);
    expect(job.status).toBe('succeeded');
  });
  afterAll(async () => {
    await panel?.kill();
    resetHosts();
    const { rmSync } = await import('node:fs');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const backup = (type: 'full' | 'diff' | 'incr') => backupNow(panel.url, id, type);
  const list = () => listBackups(panel.url, id);
  const logOf = async (jobId: string) => (await api<{ lines: Array<{ text: string }> }>(panel.url, 'GET', `/api/jobs/${jobId}/log?after=0`)).body.lines.map((l) => l.text).join('\n');

  it('installs pgBackRest on both hosts, trusts only pgcascade\'s key with pinned host keys; a second apply changes nothing, no drift', async () => {
    expect(sql('vm3', 'SHOW archive_command')).toContain(`--stanza=${STANZA} archive-push %p`);
    for (const node of ['vm3', 'vm4']) expect(onHost(node, 'test -x /usr/bin/pgbackrest && echo yes')).toBe('yes');
    // vm4 lets only vm3's address in with the key, and only for pgBackRest's remote (no pty, no forwarding).
    const authorized = onHost('vm4', 'cat /var/lib/postgresql/.ssh/authorized_keys');
    expect(authorized).toMatch(new RegExp(`^restrict,from="${ADDRESSES.vm3}" ssh-ed25519 \\S+ pgcascade-pgbackrest-vm3$`, 'm'));
    // vm3 trusts exactly the host key accepted in the panel for vm4.
    expect(onHost('vm3', 'cat /var/lib/postgresql/.ssh/pgcascade_known_hosts')).toBe(knownHostsLine('vm4'));
    expect(onHost('vm3', 'stat -c "%a %U" /var/lib/postgresql/.ssh/pgcascade_pgbackrest')).toBe('600 postgres');
    const privateKey = onHost('vm3', 'sed -n 2p /var/lib/postgresql/.ssh/pgcascade_pgbackrest');

    const again = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/apply`);
    expect(again.status).toBe(202);
    const job = await waitForJob(panel.url, again.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    expect(job.steps.filter((s) => s.status === 'changed').map((s) => s.id)).toEqual([]);
    expect(job.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['vm4/install-pgbackrest', 'vm4/authorize-pgbackrest-ssh', 'vm3/write-pgbackrest-ssh', 'vm3/create-stanza']));
    const drift = await api<{ drift: unknown[] }>(panel.url, 'POST', `/api/clusters/${id}/drift`);
    expect(drift.body.drift).toEqual([]);
    // vm3's key removed from vm4 behind the panel's back: drift names that step, and reconcile puts it back.
    onHost('vm4', "sed -i '/pgcascade-pgbackrest-vm3/d' /var/lib/postgresql/.ssh/authorized_keys");
    const found = await api<{ drift: Array<{ stepId: string }> }>(panel.url, 'POST', `/api/clusters/${id}/drift`);
    expect(found.body.drift.map((d) => d.stepId)).toEqual(['vm4/authorize-pgbackrest-ssh']);
    const reconcile = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/reconcile`);
    expect(reconcile.status).toBe(202);
    expect(failedSteps(await waitForJob(panel.url, reconcile.body.jobId))).toEqual([]);
    expect(onHost('vm4', 'cat /var/lib/postgresql/.ssh/authorized_keys')).toBe(authorized);
    expect((await api<{ drift: unknown[] }>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body.drift).toEqual([]);
    // The private key is in no job log and no answer of the panel.
    const jobs = (await api<{ jobs: Array<{ id: string }> }>(panel.url, 'GET', `/api/clusters/${id}`)).body.jobs;
    for (const j of jobs) expect(await logOf(j.id)).not.toContain(privateKey);
    expect(JSON.stringify((await api(panel.url, 'GET', `/api/clusters/${id}`)).body)).not.toContain(privateKey);
  });

  it('takes a full backup from vm4 over SSH, then an incremental, listed with their WAL and LSNs', async () => {
    const full = await backup('full');
    const log = await logOf(full.id);
    // pgBackRest on vm3 copies the files from vm4 (pg2, through its remote over SSH): vm3 only archives WAL.
    expect(log).toMatch(/--backup-standby/);
    expect(log).toContain(`--pg2-host=${ADDRESSES.vm4}`);
    sql('vm3', 'INSERT INTO items SELECT g, 1 FROM generate_series(1, 100) g');
    await eventually(() => sql('vm4', 'SELECT count(*) FROM items'), (v) => v === '100');
    // PITR's target: between the first batch and the second, as the server's clock says.
    await new Promise((r) => setTimeout(r, 1100));
    betweenBatches = sql('vm3', "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    await new Promise((r) => setTimeout(r, 1100));
    sql('vm3', 'INSERT INTO items SELECT g, 2 FROM generate_series(101, 150) g');
    await eventually(() => sql('vm4', 'SELECT count(*) FROM items'), (v) => v === '150');
    await backup('incr');
    sql('vm3', 'INSERT INTO items SELECT g, 3 FROM generate_series(151, 160) g');
    const { backups, archive } = await list();
    expect(backups.map((b) => b.type)).toEqual(['full', 'incr']);
    for (const b of backups) {
      expect(b.label).toMatch(/^\d{8}-\d{6}F/);
      expect(b.sizeBytes).toBeGreaterThan(1_000_000);
      expect(b.walStart).toMatch(/^[0-9A-F]{24}$/);
      expect(b.lsnStop).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    }
    expect(archive).toMatchObject({ failing: false, lastError: null });
    expect(onHost('vm3', `ls ${REPO}/backup/${STANZA}`)).toContain(backups[1]!.label);
  });

  it('restores to a time between the batches into a new scratch cluster on vm3: exactly the first batch is there', async () => {
    const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/restore`, { time: betweenBatches, target: { kind: 'scratch' } });
    expect(r.status).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    const report = job.steps[0]!.result as { port: number; dataDir: string; socketDir: string; reachedAt: string | null; recoveryStop: string | null };
    expect(report.recoveryStop).toMatch(/recovery stopping before commit/);
    expect(report.dataDir).toMatch(/^\/var\/lib\/postgresql\/pgcascade-scratch\/restore-[0-9a-f]+\/pgdata$/);
    try {
      const scratchSql = (text: string) => onHost('vm3', `cd /tmp && runuser -u postgres -- psql -X -A -t -h ${report.socketDir} -p ${report.port} -d app -c "${text}"`);
      expect(scratchSql('SELECT batch, count(*) FROM items GROUP BY batch ORDER BY batch')).toBe('1|100');
      expect(scratchSql('SELECT pg_is_in_recovery()')).toBe('f');
      expect(new Date(report.reachedAt!) <= new Date(betweenBatches)).toBe(true);
    } finally {
      onHost('vm3', `runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${report.dataDir} -m immediate -w stop; rm -rf ${report.dataDir.replace(/\/pgdata$/, '')}`);
    }
    // The running nodes were not touched.
    expect(sql('vm3', 'SELECT count(*) FROM items')).toBe('160');
    expect(sql('vm4', 'SELECT pg_is_in_recovery()')).toBe('t');
  });

  it("restores to the same time into a new node on vm3's host, listening on its address; the topology is untouched", async () => {
    const refused = await api<{ errors: Array<{ path: string }> }>(panel.url, 'POST', `/api/clusters/${id}/restore`, { time: betweenBatches, target: { kind: 'node', name: 'pitr1', port: 5433, host: ADDRESSES.vm4 } });
    expect([refused.status, refused.body.errors[0]?.path]).toEqual([422, 'target.host']);
    const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/restore`, { time: betweenBatches, target: { kind: 'node', name: 'pitr1', port: 5433 } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    const report = job.steps.find((s) => s.result)!.result as { host: string; port: number; dataDir: string; socketDir: string; connect: string };
    expect(report).toMatchObject({ host: ADDRESSES.vm3, port: 5433 });
    expect(report.connect).toContain(`on ${ADDRESSES.vm3}: psql "host=127.0.0.1 port=5433`);
    try {
      const restored = (text: string) => onHost('vm3', `cd /tmp && runuser -u postgres -- psql -X -A -t -h ${report.socketDir} -p 5433 -d app -c "${text}"`);
      expect(restored('SELECT batch, count(*) FROM items GROUP BY batch ORDER BY batch')).toBe('1|100');
      expect(restored("SELECT pg_is_in_recovery(), current_setting('archive_mode')")).toBe('f|off');
    } finally {
      onHost('vm3', `runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${report.dataDir} -m immediate -w stop; rm -rf ${report.dataDir.replace(/\/pgdata$/, '')}`);
    }
    const cluster = await api<{ topology: { nodes: Array<{ name: string }> } }>(panel.url, 'GET', `/api/clusters/${id}`);
    expect(cluster.body.topology.nodes.map((n) => n.name)).toEqual(['vm3', 'vm4']);
    expect(sql('vm3', 'SELECT count(*) FROM items')).toBe('160');
  });

  it('a restore drill passes with every table matching (pgbackrest verify too) and removes its scratch cluster', async () => {
    sql('vm3', 'INSERT INTO items SELECT g, 4 FROM generate_series(161, 170) g');
    const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/drills`, {});
    expect(r.status).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    expect(await logOf(r.body.jobId)).toMatch(/verify command end: completed successfully/);
    const { body } = await api<{ drills: Array<{ jobId: string; status: string; restoreSeconds: number; tables: Array<{ name: string; matched: boolean; rows: number }> }> }>(panel.url, 'GET', `/api/clusters/${id}/drills`);
    const drill = body.drills[0]!;
    expect(drill).toMatchObject({ jobId: r.body.jobId, status: 'succeeded' });
    expect(drill.restoreSeconds).toBeGreaterThan(0);
    expect(drill.tables).toContainEqual({ name: 'items', matched: true, rows: 170 });
    expect(drill.tables.every((t) => t.matched)).toBe(true);
    expect(onHost('vm3', 'ls -A /var/lib/postgresql/pgcascade-scratch')).toBe('');
  });

  it('shows failed archiving with its message within 10 s when archive_command breaks', async () => {
    sql('vm3', "ALTER SYSTEM SET archive_command = 'pgbackrest --stanza=no-such-stanza archive-push %p'");
    sql('vm3', 'SELECT pg_reload_conf()');
    sql('vm3', 'INSERT INTO items VALUES (1000, 9)');
    sql('vm3', 'SELECT pg_switch_wal()');
    const broken = Date.now();
    await poll(async () => (await list()).archive, (a) => a.failing && !!a.lastError, 10_000, 'archiving shown as failing, with its error');
    expect(Date.now() - broken).toBeLessThan(10_000);
    expect((await list()).archive.lastError).toMatch(/archive command failed/);
    sql('vm3', 'ALTER SYSTEM RESET archive_command');
    sql('vm3', 'SELECT pg_reload_conf()');
    await poll(async () => (await list()).archive.failing, (f) => !f, 70_000, 'archiving healthy again');
  });

  it('a repository made unwritable fails the next backup, with the diagnosis on its job and the alert', async () => {
    const folder = `${REPO}/backup/${STANZA}`;
    onHost('vm3', `chmod 500 ${folder}`);
    try {
      const r = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/backups`, { type: 'full' });
      const job = await waitForJob(panel.url, r.body.jobId);
      expect(job.status).toBe('failed');
      const error = job.steps[0]!.error as { message: string; stderr?: string };
      expect(diagnoseAll(`${error.message}\n${error.stderr ?? ''}`).map((d) => d.id)).toContain('pgbackrest-repository-unwritable');
      const health = await api<{ alerts: Array<{ id: string }> }>(panel.url, 'GET', `/api/clusters/${id}/backups/health`);
      expect(health.body.alerts.map((a) => a.id)).toContain('backup-failed');
    } finally {
      onHost('vm3', `chmod 750 ${folder}`);
    }
  });
});
