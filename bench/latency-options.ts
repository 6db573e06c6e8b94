// npm run bench:latency -- --options — how vm3 (a subscriber that feeds a physical standby) should commit what it
// applies: three bare local clusters (vm1 publishes, vm3 subscribes, vm4 is vm3's standby, fsync on), each option
// measured for vm1 → vm3 and vm1 → vm4 propagation, and for what it costs vm3: its apply rate under a bounded
// insert load on vm1 (4 clients × 2500 single-row transactions), i.e. rows applied per second until caught up.
import path from 'node:path';
import pg from 'pg';
import { scratchClusters } from './pg-scratch';
import { pgBin, runAsPostgres } from '../tests/integration/helpers/psql';
import { probe, summary } from './latency-probe';

const PASSWORD = 'bench-password-0123456789';
const BASE = 56400;
const ROWS = Number(process.env.BENCH_ROWS || 40);
const conn = (port: number) => ({
  host: '127.0.0.1',
  port,
  user: 'postgres',
  password: PASSWORD,
  database: 'postgres',
});

interface Option {
  label: string;
  subscription: string;
  walWriterDelay: string;
  walWriterFlushAfter: string;
}

const OPTIONS: Option[] = [
  {
    label: 'today: subscription synchronous_commit off, wal_writer_delay 200ms',
    subscription: 'off',
    walWriterDelay: '200ms',
    walWriterFlushAfter: '1MB',
  },
  {
    label: 'subscription synchronous_commit = local',
    subscription: 'local',
    walWriterDelay: '200ms',
    walWriterFlushAfter: '1MB',
  },
  {
    label: 'subscription synchronous_commit = remote_write',
    subscription: 'remote_write',
    walWriterDelay: '200ms',
    walWriterFlushAfter: '1MB',
  },
  {
    label: 'wal_writer_delay 10ms (subscription off)',
    subscription: 'off',
    walWriterDelay: '10ms',
    walWriterFlushAfter: '1MB',
  },
  {
    label: 'wal_writer_delay 1ms, wal_writer_flush_after 0',
    subscription: 'off',
    walWriterDelay: '1ms',
    walWriterFlushAfter: '0',
  },
];

async function client(port: number): Promise<pg.Client> {
  const c = new pg.Client(conn(port));
  await c.connect();
  return c;
}

async function applyRate(vm1: pg.Client, vm3: pg.Client): Promise<number> {
  await vm1.query('TRUNCATE load');
  await waitFor(
    async () => (await vm3.query<{ n: string }>('SELECT count(*) AS n FROM load')).rows[0]!.n === '0',
  );
  const clients = await Promise.all([0, 1, 2, 3].map(() => client(BASE)));
  const t0 = performance.now();
  // The load itself commits asynchronously on vm1, so what is measured is vm3's apply, not vm1's fsync.
  await Promise.all(
    clients.map(async (c) => {
      await c.query('SET synchronous_commit = off');
      for (let i = 0; i < 2500; i++) await c.query('INSERT INTO load (v) VALUES ($1)', [i]);
      await c.end();
    }),
  );
  await waitFor(
    async () => (await vm3.query<{ n: string }>('SELECT count(*) AS n FROM load')).rows[0]!.n === '10000',
    120_000,
  );
  return 10_000 / ((performance.now() - t0) / 1000);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settings = [
  'fsync=on',
  'wal_level=logical',
  'max_wal_senders=10',
  'max_replication_slots=10',
  'hot_standby=on',
];
const scratch = scratchClusters(2, BASE, PASSWORD, settings);
const vm4Dir = path.join(scratch.root, 'vm4');
try {
  const vm1 = await client(BASE);
  const vm3 = await client(BASE + 1);
  for (const c of [vm1, vm3]) {
    await c.query('CREATE TABLE probe (id bigserial PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
    await c.query('CREATE TABLE load (id bigserial PRIMARY KEY, v int)');
  }
  await vm1.query('CREATE PUBLICATION p FOR TABLE probe, load');
  await vm3.query(
    `CREATE SUBSCRIPTION s CONNECTION 'host=127.0.0.1 port=${BASE} user=postgres password=${PASSWORD} dbname=postgres' PUBLICATION p`,
  );
  runAsPostgres([
    pgBin('pg_basebackup'),
    '-h',
    scratch.root,
    '-p',
    String(BASE + 1),
    '-U',
    'postgres',
    '-D',
    vm4Dir,
    '-R',
    '-X',
    'stream',
  ]);
  scratch.dirs.push(vm4Dir);
  runAsPostgres([
    pgBin('pg_ctl'),
    '-D',
    vm4Dir,
    '-l',
    `${vm4Dir}.log`,
    '-o',
    `-p ${BASE + 2} -k ${scratch.root} -c listen_addresses=127.0.0.1`,
    '-w',
    'start',
  ]);
  const vm4 = await client(BASE + 2);
  const watchers = [await client(BASE + 1), await client(BASE + 2)];
  const rows: string[] = [];
  const only = process.env.BENCH_OPTIONS?.split(',').map(Number);
  for (const o of OPTIONS.filter((_, i) => !only || only.includes(i))) {
    await vm3.query(`ALTER SUBSCRIPTION s SET (synchronous_commit = '${o.subscription}')`);
    await vm3.query(`ALTER SYSTEM SET wal_writer_delay = '${o.walWriterDelay}'`);
    await vm3.query(`ALTER SYSTEM SET wal_writer_flush_after = '${o.walWriterFlushAfter}'`);
    await vm3.query('SELECT pg_reload_conf()');
    // The apply worker restarts on a changed subscription option; let it settle.
    await new Promise((r) => setTimeout(r, 3000));
    const toVm3: number[] = [];
    const toVm4: number[] = [];
    for (let i = 0; i < ROWS; i++) {
      const [a, b] = await probe(vm1, 'probe', watchers);
      toVm3.push(a!.wallMs);
      toVm4.push(b!.wallMs);
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
    }
    const rate = await applyRate(vm1, vm3);
    rows.push(`| ${o.label} | ${summary(toVm3)} | ${summary(toVm4)} | ${rate.toFixed(0)} rows/s |`);
    console.error(rows.at(-1));
  }
  await Promise.all([vm1, vm3, vm4, ...watchers].map((c) => c.end()));
  console.log(
    `\npgcascade bench:latency --options (bare local clusters, PostgreSQL 15, fsync on, ${ROWS} rows per option)`,
  );
  console.log('| option on vm3 | vm1 → vm3 p50 / p95 / max | vm1 → vm4 p50 / p95 / max | vm3 apply rate |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
} finally {
  scratch.destroy();
}
process.exit(0);
