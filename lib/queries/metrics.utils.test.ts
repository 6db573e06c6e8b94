import { describe, expect, it } from 'vitest';
import {
  bucketMs,
  isRollupWindow,
  liveRange,
  mergeMetrics,
  METRIC_WINDOWS,
  nextMetricsRequest,
  resolutionLabel,
  type MetricsData,
} from './metrics.utils';
import type { MetricSeries } from './types';

const MIN = 60_000;
const HOUR = 60 * MIN;

const series = (name: string, points: MetricSeries['points']): MetricSeries => {
  const [metric = '', subject = ''] = name.split(':');
  return { name, metric, subject, unit: 'B', resolution: 'raw', points };
};

describe('bucketMs and resolutionLabel', () => {
  it('match the server asked for 400 points: 1 s samples for 5 min, buckets up to an hour, 1-minute roll-ups beyond', () => {
    expect(METRIC_WINDOWS.map((w) => bucketMs(w.ms))).toEqual([1000, 2250, 10_000, 60_000]);
    expect(METRIC_WINDOWS.map((w) => resolutionLabel(w.ms))).toEqual([
      '1 s samples',
      '2.25 s averages',
      '10 s averages',
      '1-minute averages',
    ]);
    expect(isRollupWindow(HOUR)).toBe(false);
    expect(isRollupWindow(24 * HOUR)).toBe(true);
  });
});

describe('nextMetricsRequest', () => {
  const now = 1_700_000_000_500;

  it('first reads the whole window, exactly one window long and on a bucket boundary, ending after now', () => {
    for (const w of METRIC_WINDOWS) {
      const r = nextMetricsRequest(w.ms, now);
      expect(r.isIncremental).toBe(false);
      expect(r.to - r.from).toBe(w.ms);
      expect(r.from % bucketMs(w.ms)).toBe(0);
      expect(r.to).toBeGreaterThan(now);
      expect(r.to - now).toBeLessThanOrEqual(bucketMs(w.ms));
    }
  });

  it('then asks only from one bucket before the newest point, still spanning one window', () => {
    const prev: MetricsData = { windowMs: 5 * MIN, series: [], fetchedAt: now - 1000, lastT: now - 1500 };
    const r = nextMetricsRequest(5 * MIN, now, prev);
    expect(r).toEqual({ from: 1_699_999_998_000, to: 1_699_999_998_000 + 5 * MIN, isIncremental: true });
    const hour = nextMetricsRequest(HOUR, now, { ...prev, windowMs: HOUR });
    expect(hour.isIncremental).toBe(true);
    expect(hour.from % 3000).toBe(0);
    expect(hour.to - hour.from).toBe(HOUR);
  });

  it('reads the whole window again when nothing is held, the points are too old, or it is a roll-up window', () => {
    const held: MetricsData = { windowMs: 5 * MIN, series: [], fetchedAt: now, lastT: null };
    expect(nextMetricsRequest(5 * MIN, now, held).isIncremental).toBe(false);
    expect(nextMetricsRequest(5 * MIN, now, { ...held, lastT: now - 6 * MIN }).isIncremental).toBe(false);
    expect(nextMetricsRequest(24 * HOUR, now, { ...held, windowMs: 24 * HOUR, lastT: now - 1000 }).isIncremental).toBe(
      false,
    );
  });
});

describe('mergeMetrics', () => {
  const now = 1_000_000;
  const window = 10_000;

  it('takes a whole-window answer as it is, sorted by name, and notes the newest point', () => {
    const data = mergeMetrics(
      undefined,
      [series('b:x', [[995_000, 1]]), series('a:x', [[996_000, 2]])],
      { from: 990_000, to: 1_000_000, isIncremental: false },
      window,
      now,
    );
    expect(data.series.map((s) => s.name)).toEqual(['a:x', 'b:x']);
    expect(data.lastT).toBe(996_000);
    expect(data.fetchedAt).toBe(now);
  });

  it('replaces the tail from the request on, keeps older points, adds new series and drops what left the window', () => {
    const prev: MetricsData = {
      windowMs: window,
      fetchedAt: now - 1000,
      lastT: 999_000,
      series: [
        series('a:x', [
          [988_000, 9],
          [990_000, 1],
          [998_000, 2],
          [999_000, 3],
        ]),
        series('gone:x', [[988_500, 1]]),
      ],
    };
    const data = mergeMetrics(
      prev,
      [
        series('a:x', [
          [998_000, 20],
          [999_000, 30],
          [1_000_000, 40],
        ]),
        series('new:x', [[1_000_000, 5]]),
      ],
      { from: 998_000, to: 1_008_000, isIncremental: true },
      window,
      now + 1000,
    );
    expect(data.series.find((s) => s.name === 'a:x')?.points).toEqual([
      [990_000, 1],
      [998_000, 20],
      [999_000, 30],
      [1_000_000, 40],
    ]);
    expect(data.series.map((s) => s.name)).toEqual(['a:x', 'new:x']);
    expect(data.lastT).toBe(1_000_000);
  });
});

describe('liveRange', () => {
  it('ends at now, or at the newest point when the panel clock runs ahead of the browser', () => {
    expect(liveRange({ windowMs: 1000, fetchedAt: 5000, lastT: 4000 })).toEqual([4000, 5000]);
    expect(liveRange({ windowMs: 1000, fetchedAt: 5000, lastT: 7000 })).toEqual([6000, 7000]);
    expect(liveRange({ windowMs: 1000, fetchedAt: 5000, lastT: null })).toEqual([4000, 5000]);
  });
});
