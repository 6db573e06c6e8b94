// npm run bench:initial-copy — the initial copy of a pgbench database of at least 1 GB (scale 70; --scale N), three
// ways: a bare CREATE SUBSCRIPTION (its table-sync workers' COPY), the panel's apply of a new subscriber with
// initialCopy "rows", and with initialCopy "physical" (pg_basebackup clone, then the subscription from its end).
// Bare and panel row copies alternate for 3 rounds (--rounds N), each into a new cluster, each side's best counts
// (the machine is shared).
// Prints times and throughput against the targets: panel ≤ 1.1× bare, physical ≥ 3× faster. Everything is removed.
// --steps: where the clone step's time goes.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { api, getJob, type JobView } from '../tests/integration/helpers/api';
import { freshDataDir, startPanel } from '../tests/integration/helpers/server';
import { removePanel } from '../tests/integration/helpers/local-cluster';
import { pgBin, psql } from '../tests/integration/helpers/psql';
import { startOutsideCluster, type OutsideCluster } from '../tests/integration/helpers/outside-cluster';

const PASSWORD = 'bench-initial-copy-Password-1';
const [PUBLISHER_PORT, BARE_PORT, ROWS_PORT, PHYSICAL_PORT, PANEL_PORT] = [55980, 55981, 55982, 55983, 3461];
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
const TABLES = ['pgbench_accounts', 'pgbench_branches', 'pgbench_tellers', 'pgbench_history'];
const scaleArg = process.argv.indexOf('--scale');
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 70;
const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

const mb = (bytes: number) => bytes / 1024 ** 2;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const line = (what: string, ms: number, bytes: number, note = '') => console.log(`${what.padEnd(48)} ${secs(ms).padStart(9)}  ${(mb(bytes) / (ms / 1000)).toFixed(1).padStart(7)} MB/s${note ? `  ${note}` : ''}`);

function asPostgresRun(argv: string[], timeout = 1_800_000): void {
  const [cmd, ...args] = [...asPostgres, ...argv];
  const r = spawnSync(cmd as string, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}`);
}

const socket = (c: OutsideCluster) => path.join(c.dir, 'run');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until every table of the subscriber's subscriptions is ready or streaming. */
async function untilSynced(read: () => string, tables: number): Promise<void> {
  for (;;) {
    if (read() === `${tables}/0`) return;
    await sleep(200);
  }
}
const SYNC_STATE = `SELECT count(*) || '/' || count(*) FILTER (WHERE srsubstate NOT IN ('r', 's')) FROM pg_subscription_rel`;

type Timed = { id: string; startedAt: string | null; finishedAt: string | null };

/** From the start of step `from` to the end of step `to`, by the job's own clock. */
async function span(url: string, jobId: string, from: string, to: string): Promise<number> {
  const steps = (await api<{ steps: Timed[] }>(url, 'GET', `/api/jobs/${jobId}`)).body.steps;
  const start = steps.find((s) => s.id === from)?.startedAt;
  const end = steps.find((s) => s.id === to)?.finishedAt;
  if (!start || !end) throw new Error(`no times for ${from} → ${to}`);
  return Date.parse(end) - Date.parse(start);
}

async function timedApply(url: string, id: string, topology: unknown): Promise<{ ms: number; job: JobView }> {
  spawnSync('sync');
  const t0 = performance.now();
  const res = await api<{ jobId: string }>(url, 'POST', `/api/clusters/${id}/apply`, topology);
  if (res.status !== 202) throw new Error(`apply refused: ${JSON.stringify(res.body)}`);
  // Polled once a second: the times come from the job's own step clock, and a busier poll would share the CPU.
  let job = await getJob(url, res.body.jobId);
  while (['queued', 'running'].includes(job.status)) {
    await sleep(1000);
    job = await getJob(url, res.body.jobId);
  }
  const ms = performance.now() - t0;
  if (job.status !== 'succeeded') throw new Error(`apply failed: ${JSON.stringify(job.steps.filter((s) => s.status === 'failed'))}`);
  return { ms, job };
}

async function main() {
  // The panel runs as `next start`: its production build must be current.
  if (spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' }).status !== 0) throw new Error('next build failed');
  const publisher = startOutsideCluster(PUBLISHER_PORT, PASSWORD, ['shared_buffers = 256MB', 'max_wal_size = 8GB', 'checkpoint_timeout = 30min']);
  let bare: OutsideCluster | undefined;
  const dataDir = freshDataDir();
  let panel: Awaited<ReturnType<typeof startPanel>> | undefined;
  try {
    publisher.psql('postgres', 'CREATE DATABASE bench');
    const init0 = performance.now();
    asPostgresRun([pgBin('pgbench'), '-i', '-s', String(SCALE), '-q', '-h', socket(publisher), '-p', String(PUBLISHER_PORT), '-U', 'postgres', 'bench']);
    publisher.psql('bench', `ALTER TABLE pgbench_history REPLICA IDENTITY FULL; CREATE PUBLICATION bench_pub FOR TABLE ${TABLES.join(', ')}; CHECKPOINT`);
    const databaseBytes = Number(publisher.psql('bench', 'SELECT pg_database_size(current_database())'));
    const tableBytes = Number(publisher.psql('bench', `SELECT sum(pg_total_relation_size(x::regclass)) FROM unnest(ARRAY['${TABLES.join("','")}']) x`));
    const accounts = Number(publisher.psql('bench', 'SELECT count(*) FROM pgbench_accounts'));
    console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (2 cores, shared)`);
    console.log(`pgbench -i -s ${SCALE}: ${accounts.toLocaleString('en')} accounts, database ${(databaseBytes / 1024 ** 3).toFixed(2)} GB, published tables with indexes ${(tableBytes / 1024 ** 3).toFixed(2)} GB (made in ${secs(performance.now() - init0)}, not timed)`);
    console.log(`${'initial copy'.padEnd(48)} ${'time'.padStart(9)}  ${'of the tables'.padStart(12)}`);

    // Bare: a new subscriber each round, as each of the panel's is (a fresh cluster writes its WAL into new,
    // zero-filled segments; one reused round after round recycled them and copied 40 % faster than its first time),
    // with the same table definitions, then one CREATE SUBSCRIPTION until every table is ready.
    const bareRun = async (round: number): Promise<number> => {
      const b = startOutsideCluster(BARE_PORT, PASSWORD, ['wal_level = replica']);
      bare = b;
      try {
        b.psql('postgres', 'CREATE DATABASE bench');
        asPostgresRun(['sh', '-c', `"$1" -h "$2" -p ${PUBLISHER_PORT} -U postgres -s -x -O ${TABLES.map((t) => `-t ${t}`).join(' ')} bench | psql -X -q -h "$3" -p ${BARE_PORT} -U postgres -d bench -v ON_ERROR_STOP=1`, 'sh', pgBin('pg_dump'), socket(publisher), socket(b)]);
        // Each copy starts with the page cache written back, so none pays for the one before it.
        spawnSync('sync');
        const b0 = performance.now();
        b.psql('bench', `CREATE SUBSCRIPTION bare_sub${round} CONNECTION 'host=127.0.0.1 port=${PUBLISHER_PORT} user=postgres password=${PASSWORD} dbname=bench' PUBLICATION bench_pub`);
        await untilSynced(() => b.psql('bench', SYNC_STATE), TABLES.length);
        const ms = performance.now() - b0;
        line(`bare CREATE SUBSCRIPTION, round ${round}`, ms, tableBytes);
        if (b.psql('bench', 'SELECT count(*) FROM pgbench_accounts') !== String(accounts)) throw new Error('the bare copy is incomplete');
        b.psql('bench', `DROP SUBSCRIPTION bare_sub${round}`);
        return ms;
      } finally {
        b.stop();
        bare = undefined;
      }
    };

    // The panel: adopt the publisher, then one apply per new subscriber (from the request to the job's end).
    panel = await startPanel(PANEL_PORT, dataDir);
    const imported = await api<{ id: string }>(panel.url, 'POST', '/api/clusters/import', { name: 'bench', provider: 'local', database: 'bench', login: { user: 'postgres', password: PASSWORD }, nodes: [{ name: 'vm1', port: PUBLISHER_PORT, dataDir: publisher.dataDir }] });
    if (imported.status !== 201) throw new Error(`import failed: ${JSON.stringify(imported.body)}`);
    const id = imported.body.id;
    const adopted = (await api<{ topology: Record<string, unknown> & { nodes: unknown[] } }>(panel.url, 'GET', `/api/clusters/${id}`)).body.topology;
    const root = path.join(dataDir, 'clusters', id);
    const rowsNodes: Array<{ name: string; port: number }> = [];
    const rowsSubs: Array<Record<string, unknown>> = [];
    const bareTimes: number[] = [];
    const rowsTimes: number[] = [];
    const wholeRows: number[] = [];
    // Rounds alternate bare and panel, and each side keeps its best: the machine is shared, its load comes and goes.
    for (let round = 1; round <= ROUNDS; round++) {
      bareTimes.push(await bareRun(round));
      const node = { name: `rows${round}`, port: ROWS_PORT + 10 * (round - 1) };
      rowsNodes.push(node);
      rowsSubs.push({ node: node.name, name: `${node.name}_bench`, publisher: 'vm1', publications: ['bench_pub'], initialCopy: 'rows' });
      const rows = await timedApply(panel.url, id, { ...adopted, nodes: [...adopted.nodes, ...rowsNodes], subscriptions: rowsSubs });
      const ms = await span(panel.url, rows.job.id, `${node.name}/create-subscription/${node.name}_bench`, `${node.name}/wait-sync`);
      rowsTimes.push(ms);
      wholeRows.push(rows.ms);
      line(`panel "rows": subscribe until synced, round ${round}`, ms, tableBytes, `whole apply (initdb, …) ${secs(rows.ms)}`);
      if (psql(root, node.name, node.port, 'bench', 'SELECT count(*) FROM pgbench_accounts') !== String(accounts)) throw new Error('the panel’s row copy is incomplete');
    }
    const bareMs = Math.min(...bareTimes);
    const rowsCopyMs = Math.min(...rowsTimes);
    const rowsWholeMs = Math.min(...wholeRows);

    const physicalSub = { node: 'vm4', name: 'vm4_bench', publisher: 'vm1', publications: ['bench_pub'], initialCopy: 'physical' };
    const physical = await timedApply(panel.url, id, { ...adopted, nodes: [...adopted.nodes, ...rowsNodes, { name: 'vm4', port: PHYSICAL_PORT }], subscriptions: [...rowsSubs, physicalSub] });
    const start = physical.job.steps.find((s) => s.id === 'vm4/start-subscriber')?.result as { seconds?: number } | undefined;
    if (process.argv.includes('--steps')) {
      // Where the clone's time goes: its step's log, by the job's clock.
      const lines = (await api<{ lines: Array<{ at: string; stepId: string | null; text: string }> }>(panel.url, 'GET', `/api/jobs/${physical.job.id}/log?after=0`)).body.lines.filter((l) => l.stepId === 'vm4/start-subscriber');
      const origin = Date.parse(lines[0]?.at ?? '');
      for (const l of lines) console.log(`  +${String(Date.parse(l.at) - origin).padStart(6)} ms  ${l.text.slice(0, 140)}`);
    }
    const physicalMs = await span(panel.url, physical.job.id, 'vm4/start-subscriber', 'vm4/wait-sync');
    line('panel "physical": clone until streaming', physicalMs, tableBytes, `the clone step ${start?.seconds?.toFixed(1) ?? '?'} s; whole apply ${secs(physical.ms)}`);
    console.log(`\nbest of ${ROUNDS}: bare ${secs(bareMs)}, panel "rows" ${secs(rowsCopyMs)} = ${(rowsCopyMs / bareMs).toFixed(2)}× bare (target ≤ 1.10; whole apply ${(rowsWholeMs / bareMs).toFixed(2)}×)`);
    console.log(`panel "physical" ${secs(physicalMs)}: ${(bareMs / physicalMs).toFixed(2)}× faster than bare, ${(rowsCopyMs / physicalMs).toFixed(2)}× than the panel's "rows" (target ≥ 3; whole apply ${(rowsWholeMs / physical.ms).toFixed(2)}×)`);
    if (psql(root, 'vm4', PHYSICAL_PORT, 'bench', 'SELECT count(*) FROM pgbench_accounts') !== String(accounts)) throw new Error('the physical start is incomplete');
    const ok = rowsCopyMs <= 1.1 * bareMs && bareMs >= 3 * physicalMs;
    console.log(ok ? 'targets met' : 'TARGETS MISSED');
    if (!ok) process.exitCode = 1;
  } finally {
    bare?.stop();
    await removePanel(panel, dataDir);
    publisher.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
