// npm run bench:provision — time to apply the four-node topology through the panel (fresh), the same steps as
// a bare shell runbook (rendered from the same plan, run with bash, no checks), their ratio, and how long a test
// row inserted on vm1 takes to be visible on vm4. Everything is removed afterwards.
// npm run bench:provision -- --ssh — the same apply onto the four-host SSH test bed (fresh, as root).
// Both first run the SSH plan's graph with a simulated 20 s install per host (--install-seconds N), in parallel and not.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import example from '../examples/four-node.local.json';
import sshExample from '../examples/four-node.ssh.json';
import { readFileSync } from 'node:fs';
import { compilePlan, renderRunbook } from '@/lib/plan';
import { secretEnvVar } from '@/lib/plan/secret-placeholders';
import { SECRET_NAMES } from '@/lib/postgres/roles';
import { generatePassword } from '@/lib/secrets/generate';
import { findPostgresBinDir } from '@/lib/hosts/find-binaries';
import { localClusterUser } from '@/lib/hosts/local-executor';
import { validateTopology } from '@/lib/topology';
import { api, waitForJob } from '../tests/integration/helpers/api';
import { startPanel, freshDataDir } from '../tests/integration/helpers/server';
import { stopAllClusters } from '../tests/integration/helpers/psql';
import { slowInstallRun } from './slow-install';
import { acceptTestbedHostKeys } from '../tests/integration/helpers/testbed';

const withPorts = (base: number) => ({ ...example, nodes: example.nodes.map((n, i) => ({ ...n, port: base + i })) });
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function panelRun(topology: unknown, options: { acceptTestbedKeys?: boolean } = {}): Promise<{ applyMs: number; visibilityMs: number[] }> {
  const dataDir = freshDataDir();
  const panel = await startPanel(3150, dataDir);
  try {
    // As a person does in the wizard before the first apply (not timed).
    if (options.acceptTestbedKeys) await acceptTestbedHostKeys(panel.url);
    const t0 = performance.now();
    const posted = Date.now();
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology);
    if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    const job = await waitForJob(panel.url, created.body.jobId, 300_000);
    if (job.status !== 'succeeded') throw new Error(`apply failed: ${job.error}`);
    // To the end the job recorded (same machine, same clock), not to the next poll: polling faster would load
    // the two cores the apply itself runs on.
    const ended = (await api<{ finishedAt: string }>(panel.url, 'GET', `/api/jobs/${created.body.jobId}`)).body.finishedAt;
    const applyMs = Date.parse(ended) - posted;
    if (process.argv.includes('--steps')) await printTimeline(panel.url, created.body.jobId, t0);
    const visibilityMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const row = await api<{ id: string }>(panel.url, 'POST', `/api/clusters/${created.body.id}/test-rows`, { node: 'vm1', table: 'test', data: `bench ${i}` });
      for (;;) {
        const rows = await api<{ nodes: Record<string, { rows: Array<{ id: string }> }> }>(panel.url, 'GET', `/api/clusters/${created.body.id}/rows?table=test&limit=1`);
        if (rows.body.nodes.vm4?.rows[0]?.id === row.body.id) break;
        if (performance.now() - start > 30_000) throw new Error('row never reached vm4');
      }
      visibilityMs.push(performance.now() - start);
    }
    const destroyed = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${created.body.id}`);
    await waitForJob(panel.url, destroyed.body.jobId);
    return { applyMs, visibilityMs };
  } finally {
    await panel.kill();
    stopAllClusters(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runbookRun(): Promise<number> {
  const result = validateTopology(withPorts(55541));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const root = mkdtempSync(path.join(tmpdir(), 'pgcascade-bench-'));
  chmodSync(root, 0o755);
  const layout = { kind: 'local' as const, binDir: await findPostgresBinDir(15), root: path.join(root, 'cluster'), runAs: localClusterUser() };
  const script = path.join(root, 'runbook.sh');
  writeFileSync(script, renderRunbook(compilePlan(result.topology, { layout }), result.topology, layout));
  const env = { ...process.env, ...Object.fromEntries(SECRET_NAMES.map((n) => [secretEnvVar(n), generatePassword()])) };
  try {
    const t0 = performance.now();
    const code = await new Promise<number | null>((resolve) => spawn('bash', [script], { env, stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', resolve));
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`the runbook failed (exit ${code})`);
    return ms;
  } finally {
    spawnSync('pkill', ['-QUIT', '-f', `postgres -D ${root}/`]);
    await new Promise((r) => setTimeout(r, 500));
    rmSync(root, { recursive: true, force: true });
  }
}

/** Where the apply's time went: when the job started, and each step's start and length from the POST (--steps). */
async function printTimeline(url: string, jobId: string, t0: number): Promise<void> {
  type Timed = { id: string; node: string; status: string; startedAt: string | null; finishedAt: string | null };
  const job = (await api<{ createdAt: string; startedAt: string; finishedAt: string; steps: Timed[] }>(url, 'GET', `/api/jobs/${jobId}`)).body;
  const origin = Date.parse(job.createdAt);
  const at = (iso: string | null) => (iso ? Date.parse(iso) - origin : NaN);
  console.log(`\n  job created ${(origin - (performance.timeOrigin + t0)).toFixed(0)} ms after the POST, started +${at(job.startedAt)} ms, finished +${at(job.finishedAt)} ms`);
  for (const s of [...job.steps].sort((a, b) => at(a.startedAt) - at(b.startedAt)))
    console.log(`  +${String(at(s.startedAt)).padStart(6)} ms ${String(at(s.finishedAt) - at(s.startedAt)).padStart(6)} ms  ${s.status.padEnd(9)} ${s.id}`);
  // What the waits for the initial copies saw, as the job log has it.
  const log = (await api<{ lines: Array<{ at: string; stepId: string | null; text: string }> }>(url, 'GET', `/api/jobs/${jobId}/log`)).body;
  for (const line of log.lines.filter((l) => l.stepId?.endsWith('/wait-sync'))) console.log(`  +${String(at(line.at)).padStart(6)} ms  ${line.stepId}: ${line.text}`);
}

function visibility(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[2]!.toFixed(0)} ms, max ${sorted[4]!.toFixed(0)} ms (5 rows)`;
}

const installArg = process.argv.indexOf('--install-seconds');
const installMs = 1000 * (installArg > 0 ? Number(process.argv[installArg + 1]) : 20);
const parallel = await slowInstallRun(installMs, 4);
const serial = await slowInstallRun(installMs, 1);
console.log(`\npgcascade bench:provision — the SSH plan of four hosts whose apt-get install takes ${installMs / 1000} s each (simulated, no hosts)`);
console.log(`  runner, plan graph, concurrency 4:            ${seconds(parallel)}  (one install: ${seconds(installMs)})`);
console.log(`  runner, one step at a time:                   ${seconds(serial)}`);

spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
if (process.argv.includes('--ssh')) {
  if (process.getuid?.() !== 0) throw new Error('--ssh needs root: it starts the network-namespace test bed');
  // A fresh test bed: hosts exactly as new, no cluster on vm4.
  spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'ignore' });
  if (spawnSync('bash', ['scripts/testbed.sh', 'up'], { stdio: 'inherit' }).status !== 0) throw new Error('testbed:up failed');
  try {
    const key = readFileSync('.testbed/id_ed25519', 'utf8');
    const topology = { ...sshExample, nodes: sshExample.nodes.map((n) => ({ ...n, ssh: { user: 'root', privateKey: key } })) };
    const { applyMs, visibilityMs } = await panelRun(topology, { acceptTestbedKeys: true });
    console.log('\npgcascade bench:provision --ssh (four-node topology, four SSH hosts on the test bed, PostgreSQL 15)');
    console.log(`  panel apply, fresh (POST → job's end):       ${seconds(applyMs)}  (target ≤ 15 s)`);
    console.log(`  test row vm1 → visible on vm4 via the API:   ${visibility(visibilityMs)}`);
  } finally {
    spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'inherit' });
  }
} else {
  const runbookMs = await runbookRun();
  const { applyMs, visibilityMs } = await panelRun(withPorts(55531));
  console.log('\npgcascade bench:provision (four-node topology, local clusters, PostgreSQL 15)');
  console.log(`  panel apply, fresh (POST → job's end):       ${seconds(applyMs)}`);
  console.log(`  bare shell runbook, same steps, no checks:   ${seconds(runbookMs)}`);
  console.log(`  ratio panel / runbook:                       ${(applyMs / runbookMs).toFixed(2)}  (target ≤ 0.75)`);
  console.log(`  test row vm1 → visible on vm4 via the API:   ${visibility(visibilityMs)}`);
}
process.exit(0);
