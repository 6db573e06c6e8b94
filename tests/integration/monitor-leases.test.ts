import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForJob } from './helpers/api';
import { pgBin, runAsPostgres as run, stopAllClusters } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { singleNode } from './helpers/topologies';
import { poll } from './helpers/poll';

const STATE_PORT = 55480;
const CLUSTERS = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Worker {
  child: ChildProcess;
  output: () => string;
}

describe('monitoring shared by three worker processes through leases', () => {
  const dataDir = freshDataDir();
  const stateDir = path.join(dataDir, 'state-pg');
  const databaseUrl = `postgres://postgres@127.0.0.1:${STATE_PORT}/postgres`;
  // The panel only serves: the three workers run the jobs, the sampler and the drift watch (nobody sets PGCASCADE_SAMPLER).
  const env = { DATABASE_URL: databaseUrl, PGCASCADE_RUNNER: 'off' };
  let panel: PanelServer;
  let state: pg.Client;
  const workers: Worker[] = [];
  const clusterIds: string[] = [];

  const startWorker = (): Worker => {
    // Its own process group, so killing it kills tsx's node child too.
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/worker.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PGCASCADE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    return { child, output: () => output };
  };
  const kill = (w: Worker, signal: NodeJS.Signals) => {
    try {
      if (w.child.pid && w.child.exitCode === null) process.kill(-w.child.pid, signal);
    } catch {
      // already gone
    }
  };

  /** Sampling rounds per cluster and wall-clock second, from what the samplers stored (one WAL-rate point per round). */
  const roundsPerSecond = async (fromMs: number, toMs: number) =>
    (
      await state.query<{ cluster_id: string; second: string; n: number }>(
        `SELECT cluster_id, date_trunc('second', at)::text AS second, count(*)::int AS n FROM metric_points
          WHERE series LIKE 'wal_bytes_per_second:%' AND at >= to_timestamp($1 / 1000.0) AND at < to_timestamp($2 / 1000.0)
          GROUP BY 1, 2`,
        [fromMs, toMs],
      )
    ).rows;
  const lastSampled = async () =>
    new Map(
      (await state.query<{ cluster_id: string; at: Date }>('SELECT cluster_id, at FROM cluster_status')).rows.map((r) => [r.cluster_id, r.at.getTime()]),
    );
  const owners = async () =>
    (await state.query<{ owner: string; n: number }>(`SELECT owner, count(*)::int AS n FROM monitor_leases WHERE cluster_id <> '~rollups' AND expires_at > now() GROUP BY owner`)).rows;

  beforeAll(async () => {
    if (process.getuid?.() === 0) execFileSync('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '0700', stateDir]);
    run([pgBin('initdb'), '-D', stateDir, '-U', 'postgres', '-A', 'trust', '--locale=C']);
    run([pgBin('pg_ctl'), '-D', stateDir, '-l', `${stateDir}/server.log`, '-o', `-p ${STATE_PORT} -k ${stateDir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
    panel = await startPanel(3111, dataDir, env);
    state = new pg.Client({ connectionString: databaseUrl });
    await state.connect();
    for (let i = 0; i < 3; i++) workers.push(startWorker());
    const jobs: string[] = [];
    for (let i = 0; i < CLUSTERS; i++) {
      const res = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', singleNode(55481 + i, `lease${i}`));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      clusterIds.push(res.body.id);
      jobs.push(res.body.jobId);
    }
    for (const jobId of jobs) expect((await waitForJob(panel.url, jobId, 240_000)).status).toBe('succeeded');
  });

  afterAll(async () => {
    for (const id of clusterIds) {
      const res = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`).catch(() => null);
      if (res?.status === 202) await waitForJob(panel.url, res.body.jobId, 60_000).catch(() => undefined);
    }
    for (const w of workers) kill(w, 'SIGTERM');
    await state?.end().catch(() => undefined);
    await panel?.kill();
    stopAllClusters(dataDir);
    try {
      run([pgBin('pg_ctl'), '-D', stateDir, '-m', 'immediate', 'stop']);
    } catch {
      // not running
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('spreads the clusters over the three processes and samples each once a round', async () => {
    const spread = await poll(owners, (o) => o.length === 3 && o.reduce((n, x) => n + x.n, 0) === CLUSTERS, 30_000, 'leases held by all three processes');
    for (const o of spread) expect(o.n, JSON.stringify(spread)).toBeLessThanOrEqual(Math.ceil(CLUSTERS / 3) + 1);
    const from = Date.now();
    await sleep(8_000);
    const rows = await roundsPerSecond(from, Date.now());
    const twice = rows.filter((r) => r.n > 1);
    expect(twice, 'clusters sampled twice in one second').toEqual([]);
    for (const id of clusterIds) expect(rows.filter((r) => r.cluster_id === id).length, `rounds of ${id}`).toBeGreaterThanOrEqual(5);
  });

  it('takes over the clusters of a killed process within 10 s, still once a round, and the status stays live', async () => {
    const victim = workers[0]!;
    kill(victim, 'SIGKILL');
    const killedAt = Date.now();
    // Every cluster sampled again after the kill; when, from the samples' own timestamps.
    const after = await poll(lastSampled, (m) => clusterIds.every((id) => (m.get(id) ?? 0) > killedAt + 1500), 20_000, 'every cluster sampled after the kill');
    const firstAfter = new Map<string, number>();
    for (const id of clusterIds) {
      const { rows } = await state.query<{ at: Date }>(
        `SELECT min(at) AS at FROM metric_points WHERE cluster_id = $1 AND at > to_timestamp($2 / 1000.0)`,
        [id, killedAt + 1500],
      );
      firstAfter.set(id, rows[0]?.at?.getTime() ?? after.get(id)!);
    }
    // A cluster the victim held has no sample from 1.5 s after the kill until another process took it over.
    const takeover = Math.max(...clusterIds.map((id) => firstAfter.get(id)! - killedAt));
    expect(takeover, 'slowest takeover (ms)').toBeLessThan(10_000);
    expect((await owners()).length).toBe(2);

    const from = Date.now();
    await sleep(5_000);
    const rows = await roundsPerSecond(from, Date.now());
    expect(rows.filter((r) => r.n > 1), 'clusters sampled twice in one second after the takeover').toEqual([]);
    for (const id of clusterIds) {
      const res = await api<{ at: string | null; nodes: Array<{ up: boolean }> }>(panel.url, 'GET', `/api/clusters/${id}/status`);
      expect(res.status).toBe(200);
      expect(Date.now() - new Date(res.body.at ?? 0).getTime(), `status of ${id} is fresh`).toBeLessThan(3_000);
      expect(res.body.nodes.every((n) => n.up)).toBe(true);
    }
  });
});
