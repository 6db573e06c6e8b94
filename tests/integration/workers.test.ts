import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForJob } from './helpers/api';
import { pgBin, runAsPostgres as run, stopAllClusters } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { singleNode } from './helpers/topologies';

const STATE_PORT = 55470;


describe('separate workers sharing a PostgreSQL state DB', () => {
  const dataDir = freshDataDir();
  const stateDir = path.join(dataDir, 'state-pg');
  const env = { DATABASE_URL: `postgres://postgres@127.0.0.1:${STATE_PORT}/postgres`, PGCASCADE_RUNNER: 'off' };
  let panel: PanelServer;
  const workers: Array<{ child: ChildProcess; output: () => string }> = [];
  const clusterIds: string[] = [];

  beforeAll(async () => {
    if (process.getuid?.() === 0) execFileSync('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '0700', stateDir]);
    run([pgBin('initdb'), '-D', stateDir, '-U', 'postgres', '-A', 'trust', '--locale=C']);
    run([pgBin('pg_ctl'), '-D', stateDir, '-l', `${stateDir}/server.log`, '-o', `-p ${STATE_PORT} -k ${stateDir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
    panel = await startPanel(3103, dataDir, env);
    for (let i = 0; i < 2; i++) {
      const child = spawn(path.resolve('node_modules/.bin/tsx'), ['--conditions=react-server', 'scripts/worker.ts'], {
        env: { ...process.env, ...env, PGCASCADE_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (d) => (output += d));
      child.stderr?.on('data', (d) => (output += d));
      workers.push({ child, output: () => output });
    }
  });

  afterAll(async () => {
    for (const id of clusterIds) {
      const res = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`).catch(() => null);
      if (res?.status === 202) await waitForJob(panel.url, res.body.jobId, 60_000).catch(() => undefined);
    }
    for (const w of workers) w.child.kill('SIGTERM');
    await panel?.kill();
    stopAllClusters(dataDir);
    try {
      run([pgBin('pg_ctl'), '-D', stateDir, '-m', 'immediate', 'stop']);
    } catch {
      // not running
    }
    rmSync(dataDir, { recursive: true, force: true });
      });

  it('runs each job exactly once, on one of the workers', async () => {
    const jobs: string[] = [];
    for (const [i, port] of [55471, 55472, 55473].entries()) {
      const res = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', singleNode(port, `w${i}`));
      expect(res.status).toBe(201);
      clusterIds.push(res.body.id);
      jobs.push(res.body.jobId);
    }
    for (const jobId of jobs) expect((await waitForJob(panel.url, jobId)).status).toBe('succeeded');
    for (const jobId of jobs) {
      const runs = workers.map((w) => w.output().split('\n').filter((l) => l.includes(`runs apply job ${jobId}`)).length);
      expect(runs.reduce((a, b) => a + b, 0), `job ${jobId} runs per worker: ${runs}`).toBe(1);
    }
  });
});
