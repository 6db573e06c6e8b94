import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import example from '../../examples/four-node.local.json';
import { api, failedSteps, waitForJob } from './helpers/api';
import { eventually, pgCtl, psql, stopAllClusters } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { poll } from './helpers/poll';

interface Status {
  at: string | null;
  nodes: Array<{ name: string; up: boolean; walReceiver: { status: string } | null }>;
  edges: Array<{ id: string; kind: string; healthy: boolean; lagBytes: number | null; lagSeconds: number | null }>;
  alerts: Array<{ key: string; clearedAt: string | null }>;
}
interface Metrics {
  series: Array<{ name: string; unit: string; points: Array<[number, number]> }>;
}

const ports: Record<string, number> = { vm1: 55631, vm2: 55632, vm3: 55633, vm4: 55634 };

describe('live monitoring of the four-node topology', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';
  const status = async () => (await api<Status>(panel.url, 'GET', `/api/clusters/${id}/status`)).body;
  const metrics = async (series: string, fromMs: number) => (await api<Metrics>(panel.url, 'GET', `/api/clusters/${id}/metrics?from=${fromMs}&series=${encodeURIComponent(series)}`)).body;

  beforeAll(async () => {
    panel = await startPanel(3106, dataDir);
    const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', { ...example, nodes: example.nodes.map((n) => ({ ...n, port: ports[n.name] })) });
    id = created.body.id;
    root = path.join(dataDir, 'clusters', id);
    const job = await waitForJob(panel.url, created.body.jobId);
    expect(failedSteps(job)).toEqual([]);
  });
  afterAll(async () => {
    if (id) {
      const res = await api<{ jobId: string }>(panel.url, 'DELETE', `/api/clusters/${id}`).catch(() => null);
      if (res?.status === 202) await waitForJob(panel.url, res.body.jobId, 60_000).catch(() => undefined);
    }
    await panel?.kill();
    stopAllClusters(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('samples every node and edge within 10 s of the apply', async () => {
    const s = await poll(status, (v) => v.nodes.length === 4 && v.nodes.every((n) => n.up) && v.edges.length === 5 && v.edges.every((e) => e.healthy && e.lagBytes !== null), 10_000, 'a healthy sample');
    expect(s.edges.map((e) => e.kind).sort()).toEqual(['logical', 'logical', 'logical', 'logical', 'physical']);
    const m = await poll(() => metrics('replay_lag_bytes:vm3->vm4', Date.now() - 60_000), (v) => (v.series[0]?.points.length ?? 0) >= 2, 10_000, 'replay lag points');
    expect(m.series[0]?.unit).toBe('B');
  });

  it('measures end-to-end heartbeat latency on every path, through the standby too', async () => {
    const expected = ['vm1->vm2', 'vm1->vm3', 'vm1->vm3->vm4', 'vm2->vm1', 'vm2->vm3', 'vm2->vm3->vm4', 'vm3->vm4'];
    const s = await poll(
      async () => (await api<{ paths: Array<{ path: string[]; latencyMs: number | null; reason?: string }> }>(panel.url, 'GET', `/api/clusters/${id}/status`)).body,
      (v) => expected.every((p) => v.paths?.some((x) => x.path.join('->') === p && x.latencyMs !== null)),
      10_000,
      'heartbeat latency on every path',
    );
    for (const p of s.paths) {
      expect(p.latencyMs, p.path.join('->')).toBeGreaterThanOrEqual(0);
      expect(p.latencyMs, p.path.join('->')).toBeLessThan(5_000);
    }
    const m = await metrics('heartbeat_ms:vm1->vm3->vm4', Date.now() - 60_000);
    expect(m.series[0]?.unit).toBe('ms');
  });

  it('sees vm3 go down within 5 s, with vm4 no longer streaming and alerts raised, and clears them when it returns', async () => {
    pgCtl(root, 'vm3', 'stop');
    const stoppedAt = Date.now();
    const down = await poll(status, (v) => v.nodes.find((n) => n.name === 'vm3')?.up === false && v.alerts.some((a) => a.key === 'node-down:vm3' && !a.clearedAt), 5_000, 'vm3 down');
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(down.nodes.find((n) => n.name === 'vm4')?.walReceiver?.status ?? 'none').not.toBe('streaming');
    await poll(status, (v) => v.alerts.some((a) => a.key === 'standby-not-streaming:vm4' && !a.clearedAt), 5_000, 'standby alert');

    pgCtl(root, 'vm3', 'start');
    const back = await poll(status, (v) => v.alerts.every((a) => a.clearedAt !== null) && v.edges.every((e) => e.healthy), 30_000, 'alerts cleared');
    expect(back.nodes.find((n) => n.name === 'vm4')?.walReceiver?.status).toBe('streaming');
  });

  it('shows the lag of a 10,000-row insert on vm1 and its return to zero', async () => {
    const from = Date.now();
    const series = 'subscription_lag_bytes:vm3/sub_test_vm1';
    const lagOf = (v: Awaited<ReturnType<typeof metrics>>) => v.series[0]?.points ?? [];
    // vm3 applies (and confirms) 10,000 rows within a sample's second now: hold its subscription while they are
    // written, so the lag is there for the sampler to see, then let it catch up.
    psql(root, 'vm3', ports.vm3!, 'technolabels', 'ALTER SUBSCRIPTION sub_test_vm1 DISABLE');
    try {
      for (let i = 0; i < 20; i++) {
        psql(root, 'vm1', ports.vm1!, 'technolabels', `INSERT INTO test (data) SELECT 'bulk ' || g FROM generate_series(1, 500) g`);
      }
      await poll(() => metrics(series, from), (v) => lagOf(v).some(([, value]) => value > 0), 15_000, 'a lag spike');
    } finally {
      psql(root, 'vm3', ports.vm3!, 'technolabels', 'ALTER SUBSCRIPTION sub_test_vm1 ENABLE');
    }
    await eventually(() => psql(root, 'vm4', ports.vm4!, 'technolabels', "SELECT count(*) FROM test WHERE data LIKE 'bulk %'"), (v) => v === '10000', 30_000);
    const m = await poll(() => metrics(series, from), (v) => lagOf(v).at(-1)?.[1] === 0, 30_000, 'the lag back to zero');
    expect(Math.max(...lagOf(m).map(([, v]) => v))).toBeGreaterThan(0);
  });
});
