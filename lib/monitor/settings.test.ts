import { describe, expect, it } from 'vitest';
import { bucketMsFor } from './buckets';
import { DEFAULT_MONITORING, monitoringSettings, monitoringUpdateSchema } from './settings';
import { firingAlerts } from './alerts';
import type { ClusterSnapshot } from './snapshot';

describe('per-cluster monitoring settings', () => {
  it('fills defaults and applies a partial update over what was saved', () => {
    expect(monitoringSettings(null)).toEqual(DEFAULT_MONITORING);
    const saved = monitoringSettings(null, { thresholds: { lagSeconds: 3 } });
    expect(saved).toEqual({ intervalSeconds: 1, thresholds: { lagSeconds: 3, retainedWalBytes: 1024 ** 3 } });
    expect(monitoringSettings(saved, { intervalSeconds: 5 })).toEqual({
      intervalSeconds: 5,
      thresholds: { lagSeconds: 3, retainedWalBytes: 1024 ** 3 },
    });
  });

  it('refuses intervals outside 1-60 s, non-positive thresholds and unknown fields', () => {
    for (const bad of [
      { intervalSeconds: 0 },
      { intervalSeconds: 61 },
      { intervalSeconds: 1.5 },
      { thresholds: { lagSeconds: -1 } },
      { thresholds: { nope: 1 } },
      { other: 1 },
    ]) {
      expect(monitoringUpdateSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('fires the lag alert at the cluster threshold, not the default', () => {
    const s: ClusterSnapshot = {
      at: '',
      nodes: [],
      subscriptions: [],
      slots: [],
      paths: [],
      edges: [
        {
          id: 'e',
          kind: 'logical',
          from: 'vm1',
          to: 'vm2',
          healthy: true,
          reason: null,
          lagSeconds: 4,
          lagBytes: 0,
        },
      ],
    } as unknown as ClusterSnapshot;
    expect(firingAlerts(s).map((a) => a.key)).toEqual([]);
    expect(
      firingAlerts(s, monitoringSettings(null, { thresholds: { lagSeconds: 3 } }).thresholds).map(
        (a) => a.key,
      ),
    ).toEqual(['lag:e']);
  });
});

describe('a restarting apply worker', () => {
  it('stays erroring between two failures while its counters grew recently', () => {
    const s = {
      at: '',
      nodes: [{ name: 'vm3', up: true }],
      edges: [],
      slots: [],
      paths: [],
      subscriptions: [{ node: 'vm3', name: 'sub', publisher: 'vm1', enabled: true, workerRunning: true, applyErrors: 3, syncErrors: 0 }],
    } as unknown as ClusterSnapshot;
    expect(firingAlerts(s).map((a) => a.key)).toEqual([]);
    expect(firingAlerts(s, undefined, undefined, new Set(['vm3/sub'])).map((a) => a.key)).toEqual(['subscription-erroring:vm3/sub']);
  });
});

describe('bucket widths', () => {
  it('uses 1 s samples, a few seconds, then whole multiples of the 10-second roll-ups', () => {
    expect([5, 15, 60, 180].map((m) => bucketMsFor(m * 60_000, 400))).toEqual([1000, 2250, 10_000, 30_000]);
  });
});
