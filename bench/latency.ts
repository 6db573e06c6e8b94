// npm run bench:latency — in one run, for every path of the four-node reference topology (applied through the
// panel on local clusters): the direct probe (a row inserted on the origin, the target polled every 1 ms on its
// own connection, 40 rows per origin) beside the panel's own end-to-end figure for the same path (its status API,
// read while the probe runs), and their ratio. Agreement means within 20 % or 5 ms, whichever is larger.
// npm run bench:latency -- --ssh — the same on the four-host SSH test bed (fresh, as root).
// npm run bench:latency -- --options — what each way of committing on vm3 costs (bench/latency-options.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import example from '../examples/four-node.local.json';
import sshExample from '../examples/four-node.ssh.json';
import { api, waitForJob } from '../tests/integration/helpers/api';
import { freshDataDir, startPanel } from '../tests/integration/helpers/server';
import { stopAllClusters } from '../tests/integration/helpers/psql';
import { scratchClusters } from './pg-scratch';
import { percentile, probe, summary } from './latency-probe';

const ROWS = Number(process.env.BENCH_ROWS || 40);
const PATHS = ['vm1->vm2', 'vm1->vm3', 'vm1->vm3->vm4', 'vm2->vm1', 'vm2->vm3', 'vm2->vm3->vm4'];
const ORIGINS = [
  { origin: 'vm1', table: 'test', targets: ['vm2', 'vm3', 'vm4'] },
  { origin: 'vm2', table: 'test2', targets: ['vm1', 'vm3', 'vm4'] },
];
const pathTo = (origin: string, target: string) =>
  PATHS.find((p) => p.startsWith(`${origin}->`) && p.endsWith(`->${target}`))!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Status {
  at: string | null;
  paths?: Array<{ path: string[]; latencyMs: number | null; reason?: string }>;
}

async function measure(topology: unknown, label: string): Promise<string[]> {
  const password = 'state-password-0123456789';
  const state = scratchClusters(1, 56490, password);
  const dataDir = freshDataDir();
  const databaseUrl = `postgres://postgres:${password}@127.0.0.1:56490/postgres`;
  // The bench reads the cluster's secrets and reaches its nodes (through the SSH tunnels too) as the panel does.
  process.env.DATABASE_URL = databaseUrl;
  process.env.PGCASCADE_DATA_DIR = dataDir;
  const panel = await startPanel(3170, dataDir, { DATABASE_URL: databaseUrl });
  const clients: pg.Client[] = [];
  let id = '';
  try {
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology);
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    id = created.body.id;
    const job = await waitForJob(panel.url, created.body.jobId, 300_000);
    if (job.status !== 'succeeded') throw new Error(`apply failed: ${job.error}`);
    const status = async () => (await api<Status>(panel.url, 'GET', `/api/clusters/${id}/status`)).body;
    for (let waited = 0; ; waited += 500) {
      const s = await status();
      if (PATHS.every((p) => s.paths?.some((x) => x.path.join('->') === p && x.latencyMs !== null))) break;
      if (waited > 30_000)
        throw new Error(`the panel shows no figure for some path: ${JSON.stringify(s.paths)}`);
      await sleep(500);
    }

    const { getDb } = await import('@/lib/db/client');
    const { getCluster } = await import('@/lib/db/repositories/clusters');
    const { nodeAccess } = await import('@/lib/clusters/endpoints');
    const cluster = (await getCluster(await getDb(), id))!;
    const access = await nodeAccess(id, cluster.topology, 'superuser');
    const connect = async (node: string) => {
      const { host, port } = await access.endpoint(node);
      const c = new pg.Client({
        host,
        port,
        user: access.user,
        password: access.password,
        database: cluster.topology.database,
      });
      await c.connect();
      clients.push(c);
      return c;
    };

    // The panel's figures for the same minutes, one per snapshot.
    const panelFigures = new Map<string, number[]>(PATHS.map((p) => [p, []]));
    const panelGaps = new Map<string, Set<string>>(PATHS.map((p) => [p, new Set()]));
    const seen = new Set<string>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const s = await status().catch(() => null);
        if (s?.at && !seen.has(s.at)) {
          seen.add(s.at);
          for (const p of s.paths ?? []) {
            const key = p.path.join('->');
            if (p.latencyMs !== null) panelFigures.get(key)?.push(p.latencyMs);
            else if (p.reason) panelGaps.get(key)?.add(p.reason);
          }
        }
        await sleep(250);
      }
    })();

    const probeFigures = new Map<string, number[]>(PATHS.map((p) => [p, []]));
    const wallFigures = new Map<string, number[]>(PATHS.map((p) => [p, []]));
    for (const o of ORIGINS) {
      const origin = await connect(o.origin);
      const targets = await Promise.all(o.targets.map(connect));
      for (let i = 0; i < ROWS; i++) {
        const ms = await probe(origin, o.table, targets);
        ms.forEach((v, j) => {
          probeFigures.get(pathTo(o.origin, o.targets[j]!))!.push(v.serverMs);
          wallFigures.get(pathTo(o.origin, o.targets[j]!))!.push(v.wallMs);
        });
        // Rows at no fixed phase to the panel's 1 s heartbeat.
        await sleep(100 + Math.random() * 200);
      }
    }
    polling = false;
    await poller;

    const rows = [
      `\npgcascade bench:latency ${label}`,
      `| path | direct probe p50 / p95 / max (${ROWS} rows, server clocks) | same rows, bench's wall clock | panel p50 / p95 / max | panel ÷ probe (p50) | agrees (±20 % or 5 ms) |`,
      '| --- | --- | --- | --- | --- | --- |',
    ];
    for (const p of PATHS) {
      const probed = probeFigures.get(p)!;
      const shown = panelFigures.get(p)!;
      const gaps = panelGaps.get(p)!;
      const a = percentile(probed, 50);
      const b = shown.length ? percentile(shown, 50) : null;
      const agrees = b !== null && Math.abs(b - a) <= Math.max(5, 0.2 * a);
      const panelText =
        b === null
          ? `no figure (${[...gaps].join('; ')})`
          : `${summary(shown)} (${shown.length} samples${gaps.size ? `; unmeasured: ${[...gaps].join('; ')}` : ''})`;
      rows.push(
        `| ${p.replaceAll('->', ' → ')} | ${summary(probed)} | ${summary(wallFigures.get(p)!)} | ${panelText} | ${b === null ? '—' : (b / a).toFixed(2)} | ${agrees ? 'yes' : 'NO'} |`,
      );
    }
    return rows;
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    if (id) {
      const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`).catch(
        () => null,
      );
      if (destroyed?.status === 202)
        await waitForJob(panel.url, destroyed.body.jobId, 120_000).catch(() => undefined);
    }
    await panel.kill();
    stopAllClusters(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    state.destroy();
  }
}

if (process.argv.includes('--options')) {
  await import('./latency-options');
} else {
  spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
  let rows: string[];
  if (process.argv.includes('--ssh')) {
    if (process.getuid?.() !== 0)
      throw new Error('--ssh needs root: it starts the network-namespace test bed');
    spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'ignore' });
    if (spawnSync('bash', ['scripts/testbed.sh', 'up'], { stdio: 'inherit' }).status !== 0)
      throw new Error('testbed:up failed');
    try {
      const key = readFileSync('.testbed/id_ed25519', 'utf8');
      const topology = {
        ...sshExample,
        nodes: sshExample.nodes.map((n) => ({ ...n, ssh: { user: 'root', privateKey: key } })),
      };
      rows = await measure(
        topology,
        '--ssh (four SSH hosts on the test bed, PostgreSQL 15, the probe through the panel’s SSH tunnels)',
      );
    } finally {
      spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'inherit' });
    }
  } else {
    rows = await measure(
      { ...example, nodes: example.nodes.map((n, i) => ({ ...n, port: 56480 + i })) },
      '(four-node topology, local clusters, PostgreSQL 15)',
    );
  }
  for (const r of rows) console.log(r);
}
process.exit(0);
