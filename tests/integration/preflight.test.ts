import { createServer, type Server } from 'node:net';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForJob } from './helpers/api';
import { stopAllClusters } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { singleNode } from './helpers/topologies';


describe('bad input and pre-flight, through the API', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let blocker: Server | null = null;
  const created: string[] = [];

  beforeAll(async () => {
    panel = await startPanel(3102, dataDir);
  });
  afterAll(async () => {
    blocker?.close();
    for (const id of created) {
      const res = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`).catch(() => null);
      if (res?.status === 202) await waitForJob(panel.url, res.body.jobId, 60_000).catch(() => undefined);
    }
    await panel?.kill();
    stopAllClusters(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a bad topology with every problem and its path, and creates nothing', async () => {
    const bad = {
      ...singleNode(55451),
      nodes: [{ name: 'vm1', port: 55451 }, { name: 'vm1', port: 70000 }, { name: 'vm3' }],
      standbys: [{ node: 'vm3', upstream: 'vm3' }],
      extra: true,
    };
    const res = await api<{ errors: Array<{ path: string; message: string }> }>(panel.url, 'POST', '/api/clusters', bad);
    expect(res.status).toBe(422);
    const paths = res.body.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['nodes.1.name', 'nodes.1.port', 'nodes.2.port']));
    expect(paths.some((p) => p.startsWith('standbys.0'))).toBe(true);
    expect(res.body.errors.some((e) => e.message.includes('extra'))).toBe(true);
    expect((await api<{ clusters: unknown[] }>(panel.url, 'GET', '/api/clusters')).body.clusters).toEqual([]);
    expect((await api(panel.url, 'POST', '/api/plans', '{not json')).status).toBe(400);
    expect((await api(panel.url, 'POST', '/api/plans', { ...singleNode(1), nodes: [{ name: 'x"; DROP TABLE t; --', port: 5 }] })).status).toBe(422);
  });

  it('stops at pre-flight when a port is taken, changes nothing, and resumes on retry once it is free', async () => {
    blocker = createServer().listen(55452, '127.0.0.1');
    await new Promise((r) => blocker!.once('listening', r));
    const res = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', singleNode(55452));
    expect(res.status).toBe(201);
    created.push(res.body.id);
    const failed = await waitForJob(panel.url, res.body.jobId);
    expect(failed.status).toBe('failed');
    const step = failed.steps.find((s) => s.status === 'failed');
    expect(step?.id).toBe('solo/check-port');
    expect(step?.error?.message).toContain('port 55452');
    const root = path.join(dataDir, 'clusters', res.body.id);
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);

    await new Promise((r) => blocker!.close(r));
    blocker = null;
    expect((await api(panel.url, 'POST', `/api/jobs/${res.body.jobId}/retry`)).status).toBe(202);
    const done = await waitForJob(panel.url, res.body.jobId);
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((s) => s.id === '*/check-binaries')?.status).toBe('unchanged');
  });
});
