import { describe, expect, it } from 'vitest';
import type { ClusterLiveStatus, MetricSeries, MonitorAlert } from '@/lib/queries/types';
import {
  alignSeries,
  buildCharts,
  CHARTS,
  graphLive,
  latestIndexes,
  messageAgeSeconds,
  publishersOf,
  sampleAgeSeconds,
  seriesLabel,
  sortAlerts,
  walReceiverRows,
} from './dashboard.utils';

const series = (name: string, points: MetricSeries['points'] = [[1000, 1]]): MetricSeries => {
  const [metric = '', subject = ''] = name.split(':');
  return { name, metric, subject, unit: 'B', resolution: 'raw', points };
};

/** The four-node example as the status endpoint answers it, healthy. */
function fourNode(): ClusterLiveStatus {
  const up = (name: string, inRecovery = false) => ({
    name,
    up: true,
    inRecovery,
    version: '15.18',
    lsn: '0/1',
    skewMs: 0,
    walReceiver: null,
  });
  const logical = (from: string, to: string, sub: string, pub: string) => ({
    id: `logical:${to}/${sub}`,
    kind: 'logical' as const,
    from,
    to,
    label: pub,
    healthy: true,
    lagBytes: 0,
    lagSeconds: 0,
  });
  return {
    at: '2026-11-24T16:50:48.000Z',
    nodes: [
      up('vm1'),
      up('vm2'),
      up('vm3'),
      {
        ...up('vm4', true),
        skewMs: 250,
        walReceiver: {
          status: 'streaming',
          flushed_lsn: '0/1',
          latest_end_lsn: '0/1',
          last_msg_send_time: '2026-11-24T16:50:47.500000+00:00',
          last_msg_receipt_time: '2026-11-24T16:50:47.750000+00:00',
          slot_name: 'replication_slot_4',
          sender_host: '127.0.0.1',
          sender_port: 56413,
        },
      },
    ],
    edges: [
      logical('vm2', 'vm1', 'my_sub_test2', 'my_pub_test2'),
      logical('vm1', 'vm2', 'my_sub_test', 'my_pub_test'),
      logical('vm1', 'vm3', 'sub_test_vm1', 'my_pub_test'),
      logical('vm2', 'vm3', 'sub_test2_vm2', 'my_pub_test2'),
      {
        id: 'physical:vm4',
        kind: 'physical',
        from: 'vm3',
        to: 'vm4',
        label: 'replication_slot_4',
        healthy: true,
        lagBytes: 2048,
        lagSeconds: 0.25,
      },
    ],
    subscriptions: [
      {
        node: 'vm3',
        name: 'sub_test_vm1',
        publisher: 'vm1',
        enabled: true,
        workerRunning: true,
        lastMessageAgeSeconds: 0.5,
        applyErrors: 0,
        syncErrors: 0,
      },
    ],
    slots: [],
    paths: [],
    alerts: [],
  };
}

describe('alignSeries', () => {
  it('puts every series on the union of their times, in seconds, with null where one has no point', () => {
    const data = alignSeries([
      series('a:x', [
        [1000, 1],
        [3000, 3],
      ]),
      series('b:x', [
        [2000, 20],
        [3000, 30],
      ]),
    ]);
    expect(data).toEqual([
      [1, 2, 3],
      [1, null, 3],
      [null, 20, 30],
    ]);
  });
  it('gives an empty x axis for no series', () => {
    expect(alignSeries([])).toEqual([[]]);
  });
});

describe('latestIndexes', () => {
  it('finds the newest time and each series’ newest value', () => {
    expect(
      latestIndexes([
        [1, 2, 3],
        [1, null, 3],
        [5, 6, null],
        [null, null, null],
      ]),
    ).toEqual([2, 2, 1, null]);
    expect(latestIndexes([[]])).toEqual([null]);
  });
});

describe('seriesLabel', () => {
  it('names links with arrows, subscriptions by their publisher, slots by their node', () => {
    expect(seriesLabel({ metric: 'replay_lag_bytes', subject: 'vm3->vm4' })).toBe('vm3 → vm4');
    expect(seriesLabel({ metric: 'heartbeat_ms', subject: 'vm1->vm3->vm4' })).toBe('vm1 → vm3 → vm4');
    expect(seriesLabel({ metric: 'subscription_lag_seconds', subject: 'vm3/sub_test_vm1' }, { 'vm3/sub_test_vm1': 'vm1' })).toBe(
      'vm1 → vm3 (sub_test_vm1)',
    );
    expect(seriesLabel({ metric: 'subscription_lag_bytes', subject: 'vm3/sub_test_vm1' })).toBe('sub_test_vm1 on vm3');
    expect(seriesLabel({ metric: 'slot_retained_bytes', subject: 'vm3/replication_slot_4' })).toBe(
      'replication_slot_4 on vm3',
    );
    expect(seriesLabel({ metric: 'wal_bytes_per_second', subject: 'vm1' })).toBe('vm1');
  });
  it('reads publishers from the status', () => {
    expect(publishersOf(fourNode())).toEqual({ 'vm3/sub_test_vm1': 'vm1' });
    expect(publishersOf(undefined)).toEqual({});
  });
});

describe('buildCharts', () => {
  it('groups series by metric into the dashboard’s charts, in order, each aligned', () => {
    const charts = buildCharts([
      series('replay_lag_seconds:vm3->vm4'),
      series('replay_lag_bytes:vm3->vm4'),
      series('heartbeat_ms:vm2->vm1', [[2000, 2]]),
      series('heartbeat_ms:vm1->vm2', [[1000, 1]]),
      series('wal_bytes_per_second:vm1'),
      series('slot_retained_bytes:vm1/my_sub_test'),
      series('subscription_lag_bytes:vm3/sub_test_vm1'),
    ]);
    expect(charts.map((c) => c.spec.id)).toEqual(CHARTS.map((c) => c.id));
    const byId = Object.fromEntries(charts.map((c) => [c.spec.id, c]));
    expect(byId['heartbeat-latency']?.labels).toEqual(['vm1 → vm2', 'vm2 → vm1']);
    expect(byId['heartbeat-latency']?.data).toEqual([
      [1, 2],
      [1, null],
      [null, 2],
    ]);
    expect(byId['replay-lag-bytes']?.names).toEqual(['replay_lag_bytes:vm3->vm4']);
    expect(byId['subscription-lag-seconds']?.labels).toEqual([]);
    expect(byId['subscription-lag-seconds']?.resolution).toBeNull();
    expect(byId['wal-retained']?.resolution).toBe('raw');
  });
});

describe('sortAlerts', () => {
  const alert = (key: string, startedAt: string, clearedAt: string | null): MonitorAlert => ({
    key,
    severity: 'warning',
    message: key,
    startedAt,
    clearedAt,
  });
  it('lists open alerts first, newest first within each group', () => {
    const sorted = sortAlerts([
      alert('old-cleared', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z'),
      alert('old-open', '2026-01-01T00:00:00Z', null),
      alert('new-cleared', '2026-01-02T00:00:00Z', '2026-01-02T00:01:00Z'),
      alert('new-open', '2026-01-02T00:00:00Z', null),
    ]);
    expect(sorted.map((a) => a.key)).toEqual(['new-open', 'old-open', 'new-cleared', 'old-cleared']);
  });
});

describe('graphLive', () => {
  it('colours nodes by health and labels each drawn link with its lag', () => {
    const live = graphLive(fourNode());
    expect(live.nodes.vm1).toEqual({ health: 'up', detail: 'up · primary' });
    expect(live.nodes.vm4).toEqual({ health: 'recovery', detail: 'up · in recovery' });
    expect(Object.keys(live.links).sort()).toEqual([
      'logical:vm1->vm2',
      'logical:vm1->vm3',
      'logical:vm2->vm1',
      'logical:vm2->vm3',
      'physical:vm3->vm4',
    ]);
    expect(live.links['physical:vm3->vm4']).toEqual({ isBroken: false, text: '250 ms · 2.00 KiB' });
  });

  it('marks a node down with its error and a link broken with its reason', () => {
    const s = fourNode();
    s.nodes[2] = { ...s.nodes[2]!, up: false, error: 'connect ECONNREFUSED', inRecovery: null };
    s.edges[4] = { ...s.edges[4]!, healthy: false, reason: 'vm3 is down', lagBytes: null, lagSeconds: null };
    const live = graphLive(s);
    expect(live.nodes.vm3).toEqual({ health: 'down', detail: 'down: connect ECONNREFUSED' });
    expect(live.links['physical:vm3->vm4']).toEqual({ isBroken: true, text: 'vm3 is down' });
  });

  it('merges two subscriptions between the same nodes: broken if one is, the larger lag otherwise', () => {
    const s = fourNode();
    const first = s.edges[2]!;
    s.edges.push({ ...first, id: 'logical:vm3/second', lagBytes: 4096, lagSeconds: 2 });
    expect(graphLive(s).links['logical:vm1->vm3']).toEqual({ isBroken: false, text: '2.00 s · 4.00 KiB' });
    s.edges.push({ ...first, id: 'logical:vm3/third', healthy: false, reason: 'subscription third is disabled' });
    expect(graphLive(s).links['logical:vm1->vm3']).toEqual({
      isBroken: true,
      text: 'subscription third is disabled',
    });
  });
});

describe('walReceiverRows and message ages', () => {
  it('lists each standby with its receiver, the age of its last message corrected for clock offset', () => {
    expect(walReceiverRows(fourNode())).toEqual([
      {
        standby: 'vm4',
        upstream: 'vm3',
        status: 'streaming',
        isStreaming: true,
        sender: '127.0.0.1:56413',
        slot: 'replication_slot_4',
        lastMessageAt: '2026-11-24T16:50:47.750000+00:00',
        // vm4's clock is 250 ms ahead: its 47.750 is the panel's 47.500, half a second before the sample.
        lastMessageAgeSeconds: 0.5,
      },
    ]);
  });

  it('says why a standby has no receiver', () => {
    const s = fourNode();
    s.nodes[3] = { ...s.nodes[3]!, walReceiver: null };
    expect(walReceiverRows(s)[0]).toMatchObject({ status: 'no WAL receiver', isStreaming: false, sender: null });
    s.nodes[3] = { ...s.nodes[3]!, up: false };
    expect(walReceiverRows(s)[0]?.status).toBe('node down');
  });

  it('never gives a negative or unreadable age', () => {
    expect(messageAgeSeconds('2026-11-24T16:50:48Z', '2026-11-24T16:50:49+00:00', 0)).toBe(0);
    expect(messageAgeSeconds(null, '2026-11-24T16:50:49+00:00', 0)).toBeNull();
    expect(messageAgeSeconds('2026-11-24T16:50:48Z', 'garbage', 0)).toBeNull();
    expect(sampleAgeSeconds('2026-11-24T16:50:48.000Z', Date.UTC(2026, 10, 24, 16, 50, 50))).toBe(2);
    expect(sampleAgeSeconds(null, 0)).toBeNull();
  });
});
