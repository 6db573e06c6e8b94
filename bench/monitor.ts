// npm run bench:monitor — what monitoring costs the panel:
//  1. the sampler's CPU per node per tick, and how many nodes one panel samples at 1 Hz before a tick overruns
//     (the real Sampler, against real local clusters, 10 → 60 nodes);
//  2. p50/p95 of GET /status and GET /metrics (1 h window) for the four-node cluster, with an hour of samples;
//  3. 200 nodes sampled at 1 Hz by two processes sharing a PostgreSQL state DB through leases: CPU per node per tick
//     and tick p95 (`-- --two-processes` runs only this part). A "node" there is one database on one of 20 small
//     PostgreSQL servers (10 databases each): its own connection, its own sample query and heartbeat write, as a
//     real node costs the sampler; what the servers themselves spend is not counted.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import example from '../examples/four-node.local.json';
import { api, waitForJob } from '../tests/integration/helpers/api';
import { freshDataDir, startPanel } from '../tests/integration/helpers/server';
import { pgBin, runAsPostgres, stopAllClusters } from '../tests/integration/helpers/psql';
import { scratchClusters } from './pg-scratch';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { Db } from '@/lib/db/client';
import { rollUpTenSeconds } from '@/lib/db/repositories/monitoring';
import { MAX_POINTS, nextMetricsRequest } from '@/lib/queries/metrics.utils';

const metricsPath = (id: string) => {
  const r = nextMetricsRequest(3600_000, Date.now());
  return `/api/clusters/${id}/metrics?from=${r.from}&to=${r.to}&points=${MAX_POINTS}`;
};

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function samplerCapacity() {
  const dataDir = freshDataDir();
  process.env.PGCASCADE_DATA_DIR = dataDir;
  const { getDb, closeDb } = await import('@/lib/db/client');
  const { insertCluster, setClusterStatus } = await import('@/lib/db/repositories/clusters');
  const { storeSecrets } = await import('@/lib/db/repositories/secrets');
  const { Sampler } = await import('@/lib/monitor/sampler');
  const db = await getDb();
  const password = 'bench-password-0123456789';
  const rows: string[] = [];
  const steps = [4, 10, 20, 40, 60];
  const scratch = scratchClusters(steps.at(-1)!, 56300, password);
  try {
    let done = 0;
    for (const count of steps) {
      // One cluster of standalone nodes per step: all of them sampled every tick.
      const id = `bench-${count}`;
      const nodes = Array.from({ length: count }, (_, i) => ({ name: `n${i}`, port: 56300 + i }));
      await insertCluster(db, {
        id,
        topology: {
          name: id,
          provider: 'local',
          postgresVersion: 15,
          database: 'postgres',
          tables: [],
          nodes,
          publications: [],
          subscriptions: [],
          standbys: [],
        },
      });
      await storeSecrets(db, id, { superuser_password: password });
      await setClusterStatus(db, id, 'ready');
      const sampler = new Sampler(db, 1000);
      await sampler.tick(new Date()); // connect
      const cpu0 = process.cpuUsage();
      const wall: number[] = [];
      const ticks = 10;
      for (let i = 0; i < ticks; i++) {
        const t0 = performance.now();
        await sampler.tick(new Date());
        wall.push(performance.now() - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      const cpuMsPerTick = (cpu.user + cpu.system) / 1000 / ticks;
      await sampler.stop();
      await setClusterStatus(db, id, 'destroyed');
      rows.push(
        `  ${String(count).padStart(3)} nodes: tick p50 ${percentile(wall, 50).toFixed(0)} ms, p95 ${percentile(wall, 95).toFixed(0)} ms; panel CPU ${cpuMsPerTick.toFixed(1)} ms/tick = ${(cpuMsPerTick / count).toFixed(2)} ms per node per tick${percentile(wall, 95) > 1000 ? '  (overruns 1 s)' : ''}`,
      );
      done = count;
    }
    const perNode = (row: string) => Number(/= ([\d.]+) ms per node/.exec(row)?.[1] ?? 1);
    const fourNodeMsPerTick = Number(/CPU ([\d.]+) ms\/tick/.exec(rows[0]!)?.[1] ?? 0);
    return {
      rows,
      nodesPerCore: Math.floor(1000 / perNode(rows.at(-1)!)),
      done,
      fourNodeCorePercent: (fourNodeMsPerTick / 1000) * 100,
    };
  } finally {
    scratch.destroy();
    await closeDb();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function apiLatency() {
  // A PostgreSQL state DB, so an hour of samples can be written beside the running panel.
  const password = 'state-password-0123456789';
  const state = scratchClusters(1, 56290, password);
  const dataDir = freshDataDir();
  const databaseUrl = `postgres://postgres:${password}@127.0.0.1:56290/postgres`;
  const panel = await startPanel(3160, dataDir, { DATABASE_URL: databaseUrl });
  try {
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', {
      ...example,
      nodes: example.nodes.map((n, i) => ({ ...n, port: 56280 + i })),
    });
    if ((await waitForJob(panel.url, created.body.jobId)).status !== 'succeeded')
      throw new Error('apply failed');
    const id = created.body.id;
    await new Promise((r) => setTimeout(r, 5000));
    const psql = (sql: string) =>
      spawnSync('psql', [databaseUrl, '-X', '-q', '-c', sql], { encoding: 'utf8' });
    // One point a second for an hour, for every series the sampler keeps.
    const fill = psql(`INSERT INTO metric_points (cluster_id, series, at, value)
      SELECT '${id}', s.series, now() - (g || ' seconds')::interval, random() * 1000
        FROM (SELECT DISTINCT series FROM metric_points WHERE cluster_id = '${id}') s, generate_series(5, 3600) g`);
    if (fill.status !== 0) throw new Error(fill.stderr);
    // The sampler rolls these into 10-second buckets every 10 s; roll the back-filled hour up the same way at once.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    await rollUpTenSeconds(drizzle(pool) as unknown as Db, new Date(), 3700_000);
    await pool.end();
    const count = psql(`SELECT count(*) FROM metric_points WHERE cluster_id = '${id}'`)
      .stdout.trim()
      .split('\n')[2]
      ?.trim();
    let returned = 0;
    const time = async (p: string) => {
      const xs: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        const r = await api<{ series?: Array<{ points: unknown[] }> }>(panel.url, 'GET', p);
        if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
        xs.push(performance.now() - t0);
        if (r.body.series) returned = r.body.series.reduce((n, s) => n + s.points.length, 0);
      }
      return `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;
    };
    return {
      points: count,
      status: await time(`/api/clusters/${id}/status`),
      // The request the dashboard's 1 h window makes: aligned on its bucket width, 400 points per series at most.
      metrics: await time(metricsPath(id)),
      returned: () => returned,
    };
  } finally {
    await panel.kill();
    stopAllClusters(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    state.destroy();
  }
}

const SERVERS = 20;
const DATABASES = 10;

/** 20 servers (one initdb, copied), 10 clusters of 20 nodes: cluster k is database bench_k on every server. */
async function twoProcesses() {
  const password = 'bench-password-0123456789';
  const state = scratchClusters(1, 56590, password);
  const servers = scratchClusters(1, 56600, password);
  const dataDir = freshDataDir();
  const databaseUrl = `postgres://postgres:${password}@127.0.0.1:56590/postgres`;
  process.env.DATABASE_URL = databaseUrl;
  process.env.PGCASCADE_DATA_DIR = dataDir;
  const first = servers.dirs[0]!;
  const opts = (port: number) =>
    `-p ${port} -k ${servers.root} -c listen_addresses=127.0.0.1 -c shared_buffers=8MB -c max_connections=40 -c fsync=off -c autovacuum=off`;
  try {
    const admin = new pg.Client({ host: '127.0.0.1', port: 56600, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    for (let k = 0; k < DATABASES; k++) await admin.query(`CREATE DATABASE bench_${k}`);
    await admin.end();
    runAsPostgres([pgBin('pg_ctl'), '-D', first, '-m', 'fast', 'stop']);
    for (let i = 1; i < SERVERS; i++) {
      const d = path.join(servers.root, `n${i}`);
      cpSync(first, d, { recursive: true });
      spawnSync('chown', ['-R', 'postgres:postgres', d]);
      servers.dirs.push(d);
    }
    for (const [i, d] of servers.dirs.entries()) runAsPostgres([pgBin('pg_ctl'), '-D', d, '-l', `${d}.log`, '-o', opts(56600 + i), '-w', 'start']);
    const { getDb, closeDb } = await import('@/lib/db/client');
    const { insertCluster, setClusterStatus } = await import('@/lib/db/repositories/clusters');
    const { storeSecrets } = await import('@/lib/db/repositories/secrets');
    const db = await getDb();
    for (let k = 0; k < DATABASES; k++) {
      const id = `bench-2p-${k}`;
      await insertCluster(db, {
        id,
        topology: {
          name: id,
          provider: 'local',
          postgresVersion: 15,
          database: `bench_${k}`,
          tables: [],
          nodes: Array.from({ length: SERVERS }, (_, i) => ({ name: `n${i}`, port: 56600 + i })),
          publications: [],
          subscriptions: [],
          standbys: [],
        },
      });
      await storeSecrets(db, id, { superuser_password: password });
      await setClusterStatus(db, id, 'ready');
    }
    await closeDb();
    const child = () =>
      new Promise<{ cpuMs: number; wallMs: number; ticks: number[]; clusters: number; nodes: number }>((resolve, reject) => {
        const c = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'bench/monitor-child.ts'], {
          env: process.env,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        c.stdout.on('data', (d) => (out += d));
        c.on('exit', (code) => {
          const line = out.trim().split('\n').at(-1) ?? '';
          if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
          else reject(new Error(`sampler process exited ${code}: ${out}`));
        });
      });
    const results = await Promise.all([child(), child()]);
    const nodes = results.reduce((n, r) => n + r.nodes, 0);
    const coreShare = results.reduce((n, r) => n + r.cpuMs / r.wallMs, 0);
    const ticks = results.flatMap((r) => r.ticks);
    const perTick = results.reduce((n, r) => n + r.cpuMs / Math.max(1, r.ticks.length), 0);
    return {
      rows: results.map(
        (r, i) =>
          `  process ${i + 1}: ${r.clusters} clusters, ${r.nodes} nodes; ${((r.cpuMs / r.wallMs) * 100).toFixed(1)} % of a core; tick p50 ${percentile(r.ticks, 50).toFixed(0)} ms, p95 ${percentile(r.ticks, 95).toFixed(0)} ms (${r.ticks.length} ticks)`,
      ),
      summary: `  ${nodes} nodes in total: ${coreShare.toFixed(2)} cores (target < 1), ${(perTick / Math.max(1, nodes)).toFixed(2)} ms CPU per node per tick, tick p95 ${percentile(ticks, 95).toFixed(0)} ms`,
    };
  } finally {
    servers.destroy();
    state.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--two-processes')) {
  const two = await twoProcesses();
  console.log('\npgcascade bench:monitor --two-processes (2-core machine, PostgreSQL 15)');
  console.log(`${SERVERS * DATABASES} nodes (one database each on ${SERVERS} PostgreSQL servers) sampled at 1 Hz by two processes through leases:`);
  for (const r of two.rows) console.log(r);
  console.log(two.summary);
  process.exit(0);
}

spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
const capacity = await samplerCapacity();
const latency = await apiLatency();
const two = await twoProcesses();
console.log('\npgcascade bench:monitor (2-core machine, PostgreSQL 15, local clusters)');
console.log('sampler, one tick = every node sampled once (one query, heartbeat, stored series, alerts):');
for (const r of capacity.rows) console.log(r);
console.log(
  `  → about ${capacity.nodesPerCore} nodes per core at 1 Hz (target ≥ 200); one 4-node cluster costs ${capacity.fourNodeCorePercent.toFixed(2)} % of a core (target < 2 %)`,
);
console.log(
  `API on the four-node cluster with an hour of samples (${latency.points} points, PostgreSQL state DB):`,
);
console.log(`  GET /status:             ${latency.status}`);
console.log(
  `  GET /metrics (1 h):      ${latency.metrics}, ${latency.returned()} points per answer  (target p95 < 100 ms)`,
);
console.log(`${SERVERS * DATABASES} nodes (one database each on ${SERVERS} PostgreSQL servers) sampled at 1 Hz by two processes through leases:`);
for (const r of two.rows) console.log(r);
console.log(two.summary);
process.exit(0);
