import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob } from './helpers/api';
import { eventually, pgBin, psql, runAsPostgres } from './helpers/psql';
import { backupNow } from './helpers/backups';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';

// restore-targets' range: clusters 56760-56769 (scratch 56765-56769), panel 3475.
const ports = { vm1: 56761, vm2: 56762, restored: 56763, vm3: 56764 };

/** A publisher backed up with pgBackRest, its subscriber and its standby. */
function topology(repo: string) {
  return {
    name: 'restore-demo',
    provider: 'local',
    postgresVersion: 15,
    database: 'app',
    tables: [{ name: 'items', columns: [{ name: 'id', type: 'integer', primaryKey: true }, { name: 'batch', type: 'integer' }] }],
    nodes: [
      { name: 'vm1', port: ports.vm1 },
      { name: 'vm2', port: ports.vm2 },
      { name: 'vm3', port: ports.vm3 },
    ],
    standbys: [{ node: 'vm3', upstream: 'vm1' }],
    publications: [{ node: 'vm1', name: 'pub_items', tables: ['items'] }],
    subscriptions: [{ node: 'vm2', name: 'sub_items', publisher: 'vm1', publications: ['pub_items'] }],
    backups: [{ node: 'vm1', repository: { type: 'posix', host: 'vm1', path: repo } }],
  };
}

type Issues = { errors: Array<{ path: string; message: string }>; destructive?: Array<{ stepId: string; summary: string; cost: string }> };

describe('restore into a new node, and over the backup node itself (local clusters)', () => {
  const dataDir = freshDataDir();
  const repo = path.join(dataDir, 'repo');
  let panel: PanelServer;
  let id = '';
  let root = '';
  const sql = (node: 'vm1' | 'vm2' | 'vm3', text: string) => psql(root, node, ports[node], 'app', text);
  const batches = (node: 'vm1' | 'vm2' | 'vm3') => sql(node, 'SELECT batch, count(*) FROM items GROUP BY batch ORDER BY batch').split('\n').join(',');
  const restore = (body: unknown) => api<{ jobId: string } & Issues>(panel.url, 'POST', `/api/clusters/${id}/restore`, body);
  let betweenBatches = '';

  beforeAll(async () => {
    panel = await startPanel(3475, dataDir, { PGCASCADE_SAMPLER: 'off', PGCASCADE_SCRATCH_PORTS: '56765-56769' });
    ({ id, root } = await applyLocalCluster(panel, topology(repo)));
    await backupNow(panel.url, id, 'full');
    sql('vm1', 'INSERT INTO items SELECT g, 1 FROM generate_series(1, 100) g');
    await eventually(() => sql('vm2', 'SELECT count(*) FROM items'), (v) => v === '100');
    await new Promise((r) => setTimeout(r, 1100));
    betweenBatches = sql('vm1', "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    await new Promise((r) => setTimeout(r, 1100));
    sql('vm1', 'INSERT INTO items SELECT g, 2 FROM generate_series(101, 150) g');
    await eventually(() => sql('vm2', 'SELECT count(*) FROM items'), (v) => v === '150');
    await eventually(() => sql('vm3', 'SELECT count(*) FROM items'), (v) => v === '150');
    // The second batch's WAL in the archive: the restore must see a commit after the target to stop before it.
    await backupNow(panel.url, id, 'incr');
  });
  afterAll(() => removePanel(panel, dataDir));

  it("refuses a new node on a topology node's port or name, on another host, or on a port in use, with the field", async () => {
    const at = async (target: unknown) => {
      const r = await restore({ time: betweenBatches, target });
      return [r.status, r.body.errors.map((e) => e.path).join(',')];
    };
    expect(await at({ kind: 'node', name: 'pitr1', port: ports.vm2 })).toEqual([422, 'target.port']);
    expect(await at({ kind: 'node', name: 'vm2', port: ports.restored })).toEqual([409, 'target.name']);
    expect(await at({ kind: 'node', name: 'pitr1', port: ports.restored, host: '10.9.9.9' })).toEqual([422, 'target.host']);
    // The panel's own port listens on this host.
    expect(await at({ kind: 'node', name: 'pitr1', port: 3475 })).toEqual([422, 'target.port']);
    expect(await at({ kind: 'node', name: 'Bad-Name', port: 0 })).toEqual([422, 'target.name,target.port']);
  });

  it('restores to a time between the batches into a new node: exactly the first batch, on its port; the topology is untouched', async () => {
    const r = await restore({ time: betweenBatches, target: { kind: 'node', name: 'pitr1', port: ports.restored } });
    expect(r.status).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    const report = job.steps[0]!.result as { name: string; host: string; port: number; dataDir: string; connect: string; reachedAt: string | null; recoveryStop: string | null };
    expect(report).toMatchObject({ name: 'pitr1', host: '127.0.0.1', port: ports.restored, dataDir: path.join(root, 'pitr1', 'pgdata') });
    expect(report.connect).toBe(`psql "host=127.0.0.1 port=${ports.restored} dbname=app user=postgres"`);
    expect(report.recoveryStop).toMatch(/recovery stopping before commit/);
    expect(new Date(report.reachedAt!) <= new Date(betweenBatches)).toBe(true);
    expect(psql(root, 'pitr1', ports.restored, 'app', 'SELECT batch, count(*) FROM items GROUP BY batch ORDER BY batch')).toBe('1|100');
    // Promoted, over TCP on its own port, and it never archives into the stanza it came from.
    expect(psql(root, 'pitr1', ports.restored, 'app', 'SELECT pg_is_in_recovery()')).toBe('f');
    expect(execFileSync(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(ports.restored)], { encoding: 'utf8' })).toMatch(/accepting connections/);
    expect(psql(root, 'pitr1', ports.restored, 'app', 'SHOW archive_mode')).toBe('off');
    // It survives a plain restart with its own port and archive_mode (postgresql.auto.conf), not the source's.
    runAsPostgres([pgBin('pg_ctl'), '-D', report.dataDir, '-m', 'fast', '-w', 'restart', '-l', path.join(root, 'pitr1', 'postgresql.log')]);
    expect(psql(root, 'pitr1', ports.restored, 'app', "SELECT current_setting('port'), current_setting('archive_mode'), pg_is_in_recovery()")).toBe(`${ports.restored}|off|f`);
    // Not part of the topology, and the topology's nodes go on: rows still flow from vm1 to vm2.
    const cluster = await api<{ topology: { nodes: Array<{ name: string }> } }>(panel.url, 'GET', `/api/clusters/${id}`);
    expect(cluster.body.topology.nodes.map((n) => n.name)).toEqual(['vm1', 'vm2', 'vm3']);
    sql('vm1', 'INSERT INTO items SELECT g, 3 FROM generate_series(151, 160) g');
    await eventually(() => batches('vm2'), (v) => v === '1|100,2|50,3|10');
    await eventually(() => batches('vm3'), (v) => v === '1|100,2|50,3|10');
    // The same name again: its folder exists.
    const again = await restore({ target: { kind: 'node', name: 'pitr1', port: 56760 } });
    expect([again.status, again.body.errors[0]?.path]).toEqual([409, 'target.name']);
  });

  it('an in-place restore without the cluster name is a 409 with the destructive step, and nothing runs', async () => {
    const jobsBefore = (await api<{ jobs: unknown[] }>(panel.url, 'GET', `/api/clusters/${id}`)).body.jobs.length;
    for (const target of [{ kind: 'in-place' }, { kind: 'in-place', confirm: 'restore' }]) {
      const r = await restore({ time: betweenBatches, target });
      expect(r.status).toBe(409);
      expect(r.body.errors[0]!.message).toMatch(/type the cluster's name \(restore-demo\) in target.confirm/);
      expect(r.body.destructive).toHaveLength(1);
      expect(r.body.destructive![0]!.stepId).toBe('vm1/restore-in-place');
      expect(r.body.destructive![0]!.cost).toMatch(/vm1 is stopped and its data directory .* is rewritten/);
      expect(r.body.destructive![0]!.cost).toMatch(/vm2's subscription sub_items keeps the rows/);
    }
    expect((await api<{ jobs: unknown[] }>(panel.url, 'GET', `/api/clusters/${id}`)).body.jobs.length).toBe(jobsBefore);
    expect(batches('vm1')).toBe('1|100,2|50,3|10');
  });

  it('an in-place restore with the cluster name takes vm1 back to the point: the later batches are gone and it runs', async () => {
    const r = await restore({ time: betweenBatches, target: { kind: 'in-place', confirm: 'restore-demo' } });
    expect(r.status).toBe(202);
    const job = await waitForJob(panel.url, r.body.jobId);
    expect(failedSteps(job)).toEqual([]);
    const report = job.steps[0]!.result as { node: string; recoveryStop: string | null; reachedAt: string | null; afterwards: string[] };
    expect(report.node).toBe('vm1');
    expect(report.recoveryStop).toMatch(/recovery stopping before commit/);
    expect(report.afterwards.join(' ')).toMatch(/sub_items/);
    expect(batches('vm1')).toBe('1|100');
    expect(sql('vm1', 'SELECT pg_is_in_recovery()')).toBe('f');
    // Writable, on its own port and configuration, still archiving into its stanza; no recovery target left behind.
    sql('vm1', 'INSERT INTO items VALUES (1000, 4)');
    expect(sql('vm1', "SELECT current_setting('port'), current_setting('archive_mode')")).toBe(`${ports.vm1}|on`);
    expect(sql('vm1', "SELECT count(*) FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf' AND (name LIKE 'recovery_target%' OR name = 'restore_command')")).toBe('0');
    // The subscriber keeps what it had (its rows are not taken back).
    expect(batches('vm2')).toBe('1|100,2|50,3|10');
    expect(report.afterwards.join(' ')).toMatch(/vm3 must be re-cloned: .*A re-apply does not re-clone it/);
  });

  it('as the report says, a re-apply does not re-clone the standby, which stays on the old timeline', async () => {
    const r = await api<{ jobId: string } & Issues>(panel.url, 'POST', `/api/clusters/${id}/apply`);
    expect([r.status, r.body.errors ?? []]).toEqual([202, []]);
    const job = await waitForJob(panel.url, r.body.jobId);
    const changed = job.steps.filter((s) => s.status === 'changed').map((s) => s.id);
    console.log('re-apply after the in-place restore:', job.status, 'changed:', changed.join(', '), 'failed:', failedSteps(job).join('; '));
    expect(changed).not.toContain('vm3/clone-standby');
    // The physical slot is made again, yet vm3 cannot follow vm1's new timeline: the row written after the restore never arrives.
    await new Promise((res) => setTimeout(res, 5000));
    expect(sql('vm3', 'SELECT count(*) FROM items WHERE id = 1000')).toBe('0');
    expect(batches('vm3')).toBe('1|100,2|50,3|10');
  });
});
