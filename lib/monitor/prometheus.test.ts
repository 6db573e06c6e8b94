import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from './snapshot';
import { escapeLabelValue, formatValue, renderMetrics, type ClusterExport } from './prometheus';

const snapshot = (over: Partial<ClusterSnapshot> = {}): ClusterSnapshot => ({
  at: '2026-01-01T00:00:00.000Z',
  nodes: [
    { name: 'vm1', up: true, inRecovery: false, version: '15.8', lsn: '0/5000000', skewMs: 2.5, walReceiver: null },
    { name: 'vm3', up: true, inRecovery: false, version: '15.8', lsn: '0/5000000', skewMs: 0, walReceiver: null },
    { name: 'vm4', up: false, error: 'no answer', inRecovery: null, version: null, lsn: null, skewMs: null, walReceiver: null },
  ],
  edges: [
    { id: 'logical:vm3/sub_test_vm1', kind: 'logical', from: 'vm1', to: 'vm3', label: 'my_pub', healthy: true, lagBytes: 4096, lagSeconds: 0.25 },
    { id: 'physical:vm4', kind: 'physical', from: 'vm3', to: 'vm4', label: 'replication_slot_4', healthy: false, reason: 'vm4 is down', lagBytes: null, lagSeconds: null },
  ],
  subscriptions: [
    { node: 'vm3', name: 'sub_test_vm1', publisher: 'vm1', enabled: true, workerRunning: true, lastMessageAgeSeconds: 0.1, applyErrors: 3, syncErrors: 0 },
    { node: 'vm4', name: 'sub_down', publisher: 'vm1', enabled: null, workerRunning: false, lastMessageAgeSeconds: null, applyErrors: 0, syncErrors: 0 },
  ],
  slots: [
    { node: 'vm1', slot: 'sub_test_vm1', type: 'logical', active: true, walStatus: 'reserved', retainedBytes: 4096 },
    { node: 'vm3', slot: 'replication_slot_4', type: 'physical', active: false, walStatus: 'lost', retainedBytes: null },
  ],
  paths: [{ path: ['vm1', 'vm3', 'vm4'], latencyMs: 12.5 }],
  ...over,
});

const cluster = (over: Partial<ClusterExport> = {}): ClusterExport => ({
  id: 'c1',
  name: 'demo',
  snapshot: snapshot(),
  walBytesPerSecond: { vm1: 1024 },
  ...over,
});

const now = new Date('2026-01-01T00:00:02.000Z');
const lines = (text: string) => text.split('\n');

describe('renderMetrics', () => {
  const text = renderMetrics([cluster()], now);

  it('gives every family a HELP and a TYPE line before its samples', () => {
    const names = [...text.matchAll(/^# TYPE (\S+) (gauge|counter)$/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(text).toContain(`# HELP ${name} `);
    expect(names.filter((n) => n!.endsWith('_total'))).toEqual([
      'pgcascade_subscription_apply_errors_total',
      'pgcascade_subscription_sync_errors_total',
    ]);
    expect(text).toContain('# TYPE pgcascade_subscription_apply_errors_total counter');
  });

  it('exports node, edge, subscription, slot and path figures in base units', () => {
    const l = lines(text);
    expect(l).toContain('pgcascade_node_up{cluster="demo",cluster_id="c1",node="vm1"} 1');
    expect(l).toContain('pgcascade_node_up{cluster="demo",cluster_id="c1",node="vm4"} 0');
    expect(l).toContain('pgcascade_node_in_recovery{cluster="demo",cluster_id="c1",node="vm1"} 0');
    expect(l).toContain('pgcascade_node_wal_bytes_per_second{cluster="demo",cluster_id="c1",node="vm1"} 1024');
    expect(l).toContain('pgcascade_node_clock_offset_seconds{cluster="demo",cluster_id="c1",node="vm1"} 0.0025');
    expect(l).toContain(
      'pgcascade_edge_lag_bytes{cluster="demo",cluster_id="c1",node="vm3",upstream="vm1",kind="logical",subscription="sub_test_vm1"} 4096',
    );
    expect(l).toContain(
      'pgcascade_edge_healthy{cluster="demo",cluster_id="c1",node="vm4",upstream="vm3",kind="physical",slot="replication_slot_4"} 0',
    );
    expect(l).toContain(
      'pgcascade_subscription_state{cluster="demo",cluster_id="c1",node="vm3",subscription="sub_test_vm1",publisher="vm1",state="streaming"} 1',
    );
    expect(l).toContain(
      'pgcascade_subscription_state{cluster="demo",cluster_id="c1",node="vm3",subscription="sub_test_vm1",publisher="vm1",state="disabled"} 0',
    );
    expect(l).toContain(
      'pgcascade_subscription_apply_errors_total{cluster="demo",cluster_id="c1",node="vm3",subscription="sub_test_vm1",publisher="vm1"} 3',
    );
    expect(l).toContain(
      'pgcascade_subscription_lag_seconds{cluster="demo",cluster_id="c1",node="vm3",subscription="sub_test_vm1",publisher="vm1"} 0.25',
    );
    expect(l).toContain(
      'pgcascade_slot_wal_status{cluster="demo",cluster_id="c1",node="vm3",slot="replication_slot_4",slot_type="physical",wal_status="lost"} 1',
    );
    expect(l).toContain(
      'pgcascade_slot_active{cluster="demo",cluster_id="c1",node="vm3",slot="replication_slot_4",slot_type="physical"} 0',
    );
    expect(l).toContain(
      'pgcascade_path_latency_seconds{cluster="demo",cluster_id="c1",path="vm1->vm3->vm4",origin="vm1",node="vm4"} 0.0125',
    );
    expect(l).toContain('pgcascade_sample_age_seconds{cluster="demo",cluster_id="c1"} 2');
  });

  it('leaves out what was not measured instead of exporting zero', () => {
    expect(text).not.toMatch(/pgcascade_node_in_recovery\{[^}]*node="vm4"/);
    expect(text).not.toMatch(/pgcascade_edge_lag_(bytes|seconds)\{[^}]*node="vm4"/);
    expect(text).not.toMatch(/pgcascade_subscription_apply_errors_total\{[^}]*subscription="sub_down"/);
    expect(text).toMatch(/pgcascade_subscription_state\{[^}]*subscription="sub_down"[^}]*state="unknown"\} 1/);
    expect(text).not.toMatch(/pgcascade_slot_retained_bytes\{[^}]*slot="replication_slot_4"/);
  });

  it('escapes backslashes, quotes and line feeds in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const odd = renderMetrics([cluster({ name: 'we "say"\\\nhi' })], now);
    expect(odd).toContain('cluster="we \\"say\\"\\\\\\nhi"');
    expect(lines(odd).every((l) => l === '' || l.startsWith('#') || /^pgcascade_\w+(\{.*\})? \S+$/.test(l))).toBe(true);
  });

  it('writes special floats the way Go reads them', () => {
    expect([NaN, Infinity, -Infinity, 1e-7, 3].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '1e-7', '3']);
  });

  it('renders families with no clusters as HELP and TYPE only', () => {
    const empty = renderMetrics([], now);
    expect(empty).toContain('# TYPE pgcascade_node_up gauge');
    expect(empty).not.toMatch(/^pgcascade_/m);
  });

  it('passes promtool check metrics', () => {
    const odd = cluster({ id: 'c2', name: 'second "one"', snapshot: snapshot({ paths: [] }) });
    const res = spawnSync('promtool', ['check', 'metrics'], { input: renderMetrics([cluster(), odd], now), encoding: 'utf8' });
    expect(res.error, 'promtool is missing: apt-get install prometheus').toBeUndefined();
    expect(`${res.stdout}${res.stderr}`.trim()).toBe('');
    expect(res.status).toBe(0);
  });
});
