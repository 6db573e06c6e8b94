import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';
import { poll } from './helpers/poll';
import { startPrometheus, type Daemon } from './helpers/prometheus';
import { freshDataDir, startPanel, TEST_TOKEN, type PanelServer } from './helpers/server';

const PANEL_PORT = 3172;
const PROMETHEUS_PORT = 9371;

/** vm1 publishes, vm2 subscribes, vm3 streams from vm2: a logical and a physical edge, slots, a path through both. */
const cascade = {
  name: 'metrics-cascade',
  provider: 'local',
  postgresVersion: 15,
  database: 'app',
  tables: [{ name: 't', columns: [{ name: 'id', type: 'serial', primaryKey: true }, { name: 'data', type: 'text' }] }],
  nodes: [
    { name: 'vm1', port: 55772 },
    { name: 'vm2', port: 55773 },
    { name: 'vm3', port: 55774 },
  ],
  publications: [{ node: 'vm1', name: 'pub_t', tables: ['t'] }],
  subscriptions: [{ node: 'vm2', name: 'sub_t', publisher: 'vm1', publications: ['pub_t'] }],
  standbys: [{ node: 'vm3', upstream: 'vm2', slot: 'standby_vm3' }],
};

interface QueryResult {
  status: string;
  data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('GET /metrics scraped by a real Prometheus', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer | undefined;
  let prometheus: Daemon | undefined;
  let clusterId = '';
  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKEN}` }) =>
    fetch(`${panel!.url}/metrics`, { headers, redirect: 'manual' });
  const query = async (q: string) =>
    (await (await fetch(`${prometheus!.url}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as QueryResult;

  beforeAll(async () => {
    panel = await startPanel(PANEL_PORT, dataDir);
    ({ id: clusterId } = await applyLocalCluster(panel, cascade));
  });
  afterAll(async () => {
    await prometheus?.stop();
    await removePanel(panel, dataDir);
  });

  it('answers only with an API token', async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer pgc_not_a_token' })).status).toBe(401);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('exports every edge, slot and path of the cluster, and promtool accepts the answer', async () => {
    const text = await poll(
      async () => (await scrape()).text(),
      (t) => /pgcascade_edge_lag_bytes\{[^}]*kind="physical"/.test(t) && /pgcascade_path_latency_seconds\{[^}]*path="vm1->vm2->vm3"/.test(t),
      20_000,
      'both edges and the path through the standby in /metrics',
    );
    expect(text).toMatch(new RegExp(`pgcascade_node_up\\{cluster="metrics-cascade",cluster_id="${clusterId}",node="vm3"\\} 1`));
    expect(text).toMatch(/pgcascade_node_in_recovery\{[^}]*node="vm3"\} 1/);
    expect(text).toMatch(/pgcascade_subscription_state\{[^}]*subscription="sub_t"[^}]*state="streaming"\} 1/);
    expect(text).toMatch(/pgcascade_subscription_apply_errors_total\{[^}]*subscription="sub_t"[^}]*\} 0/);
    expect(text).toMatch(/pgcascade_slot_active\{[^}]*node="vm2",slot="standby_vm3",slot_type="physical"\} 1/);
    expect(text).toMatch(/pgcascade_slot_wal_status\{[^}]*slot="sub_t"[^}]*wal_status="reserved"\} 1/);
    expect(text).toMatch(/pgcascade_node_wal_bytes_per_second\{[^}]*node="vm1"\} \d/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error, 'promtool is missing: apt-get install prometheus').toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });

  it("is scraped by Prometheus with the bearer token, and the lag series reads back through Prometheus' query API", async () => {
    prometheus = await startPrometheus(
      PROMETHEUS_PORT,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 900ms',
        'scrape_configs:',
        '  - job_name: pgcascade',
        '    metrics_path: /metrics',
        '    authorization:',
        `      credentials: ${TEST_TOKEN}`,
        '    static_configs:',
        `      - targets: ['127.0.0.1:${PANEL_PORT}']`,
        '',
      ].join('\n'),
    );
    const up = await poll(() => query('up{job="pgcascade"}'), (r) => r.data.result[0]?.value[1] === '1', 30_000, 'the panel scraped (up == 1)');
    expect(up.status).toBe('success');
    const lag = await poll(
      () => query(`pgcascade_edge_lag_bytes{cluster_id="${clusterId}"}`),
      (r) => r.data.result.length === 2,
      30_000,
      'both edges lag series in Prometheus',
    );
    const byKind = Object.fromEntries(lag.data.result.map((r) => [r.metric.kind, r]));
    expect(byKind.logical?.metric).toMatchObject({ cluster: 'metrics-cascade', node: 'vm2', upstream: 'vm1', subscription: 'sub_t', job: 'pgcascade' });
    expect(byKind.physical?.metric).toMatchObject({ node: 'vm3', upstream: 'vm2', slot: 'standby_vm3' });
    for (const r of lag.data.result) expect(Number(r.value[1])).toBeGreaterThanOrEqual(0);
    // A range over the last seconds: Prometheus kept several scrapes of the series, not a single point.
    const range = await poll(
      () => query(`count_over_time(pgcascade_edge_lag_seconds{cluster_id="${clusterId}",kind="physical"}[30s])`),
      (r) => Number(r.data.result[0]?.value[1] ?? 0) >= 3,
      20_000,
      'three scrapes of the standby lag',
    );
    expect(range.status).toBe('success');
  });
});
