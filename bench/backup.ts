// npm run bench:backup — a full backup and a restore of a database of at least 1 GB (pgbench scale 70, or
// `-- --scale N`), through the panel (a backup job; a restore job into a scratch cluster, until recovery ended)
// against the bare pgBackRest commands on the same stanza (restore: pgbackrest restore, pg_ctl start, wait for
// the end of recovery). Prints time, throughput and the ratio panel / bare (target ≤ 1.1 each). Removes everything.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { api, waitForJob } from '../tests/integration/helpers/api';
import { freshDataDir, startPanel } from '../tests/integration/helpers/server';
import { pgBin, psql, runAsPostgres, stopAllClusters } from '../tests/integration/helpers/psql';
import { rmSync } from 'node:fs';

const PORT = 55885;
const PANEL_PORT = 3435;
const scale = Number(process.argv[process.argv.indexOf('--scale') + 1] || 70) || 70;

/** The server closes idle keep-alive sockets after 5 s; a request after a long bare command may hit a closed one. */
async function call<T>(...args: Parameters<typeof api>): Promise<{ status: number; body: T }> {
  try {
    return await api<T>(...args);
  } catch {
    return api<T>(...args);
  }
}

function seconds(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function main() {
  const dataDir = freshDataDir();
  const panel = await startPanel(PANEL_PORT, dataDir, { PGCASCADE_SAMPLER: 'off', PGCASCADE_BACKUP_SCHEDULES: 'off', PGCASCADE_SCRATCH_PORTS: '55886-55889' });
  try {
    const repo = path.join(dataDir, 'repo');
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', {
      name: 'bench-backup',
      provider: 'local',
      postgresVersion: 15,
      database: 'bench',
      tables: [],
      nodes: [{ name: 'vm1', port: PORT }],
      backups: [{ node: 'vm1', repository: { type: 'posix', host: 'vm1', path: repo }, retention: { full: 4 } }],
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    if ((await waitForJob(panel.url, created.body.jobId, 300_000)).status !== 'succeeded') throw new Error('apply failed');
    const root = path.join(dataDir, 'clusters', created.body.id);
    const socket = path.join(root, 'vm1', 'run');
    console.log(`pgbench -i -s ${scale} …`);
    runAsPostgres([pgBin('pgbench'), '-i', '-q', '-s', String(scale), '-h', socket, '-p', String(PORT), '-U', 'postgres', 'bench'], 30 * 60_000);
    const bytes = Number(psql(root, 'vm1', PORT, 'bench', 'SELECT pg_database_size(current_database())'));
    const conf = path.join(root, 'vm1', 'pgbackrest', 'pgbackrest.conf');
    const stanza = 'bench-backup-vm1';
    const bare = (...args: string[]) => runAsPostgres(['pgbackrest', `--config=${conf}`, `--stanza=${stanza}`, ...args], 60 * 60_000);

    console.log(`${(bytes / 1024 / 1024).toFixed(0)} MB loaded; bare full backup …`);
    let t = performance.now();
    bare('backup', '--type=full');
    const bareBackup = performance.now() - t;

    t = performance.now();
    const b = await call<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${created.body.id}/backups`, { type: 'full' });
    if ((await waitForJob(panel.url, b.body.jobId, 60 * 60_000)).status !== 'succeeded') throw new Error('panel backup failed');
    const panelBackup = performance.now() - t;
    console.log(`full backup: panel ${seconds(panelBackup)}, bare ${seconds(bareBackup)}, ratio ${(panelBackup / bareBackup).toFixed(2)}`);

    // Bare restore: into a folder, started, until recovery ended.
    const target = path.join(dataDir, 'bare-restore');
    // The data dir is root's (0755): made by root, owned by the clusters' user.
    execFileSync('install', ['-d', ...(process.getuid?.() === 0 ? ['-o', 'postgres', '-g', 'postgres'] : []), '-m', '0700', target, `${target}/pgdata`, `${target}/run`]);
    t = performance.now();
    bare('restore', `--pg1-path=${target}/pgdata`, '--archive-mode=off');
    runAsPostgres([pgBin('pg_ctl'), '-D', `${target}/pgdata`, '-l', `${target}/log`, '-w', '-o', `-p 55889 -c listen_addresses='' -c unix_socket_directories='${target}/run'`, 'start'], 60 * 60_000);
    while (psql(dataDir, 'bare-restore', 55889, 'postgres', 'SELECT pg_is_in_recovery()') !== 'f') await new Promise((r) => setTimeout(r, 250));
    const bareRestore = performance.now() - t;
    runAsPostgres([pgBin('pg_ctl'), '-D', `${target}/pgdata`, '-m', 'immediate', 'stop']);

    t = performance.now();
    const r = await call<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${created.body.id}/restore`, { target: { kind: 'scratch' } });
    const job = await waitForJob(panel.url, r.body.jobId, 60 * 60_000);
    if (job.status !== 'succeeded') throw new Error(`panel restore failed: ${job.error}`);
    const panelRestore = performance.now() - t;
    const report = job.steps[0]!.result as { dataDir: string };
    runAsPostgres([pgBin('pg_ctl'), '-D', report.dataDir, '-m', 'immediate', 'stop']);

    const mb = bytes / 1024 / 1024;
    const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    console.log(`\ndatabase: ${mb.toFixed(0)} MB (pgbench scale ${scale})`);
    console.log(`full backup   panel ${seconds(panelBackup)} (${rate(panelBackup)})   bare ${seconds(bareBackup)} (${rate(bareBackup)})   ratio ${(panelBackup / bareBackup).toFixed(2)}`);
    console.log(`restore       panel ${seconds(panelRestore)} (${rate(panelRestore)})   bare ${seconds(bareRestore)} (${rate(bareRestore)})   ratio ${(panelRestore / bareRestore).toFixed(2)}`);
  } finally {
    await panel.kill();
    stopAllClusters(dataDir);
    execFileSync('sleep', ['1']);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
