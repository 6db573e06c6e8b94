import type { MetricSeries } from './types';
import { bucketMsFor } from '@/lib/monitor/buckets';

/** The chart windows the dashboard offers. */
export const METRIC_WINDOWS = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 60 * 60_000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
] as const;

export type MetricWindowId = (typeof METRIC_WINDOWS)[number]['id'];

/** The server keeps raw 1 s samples for an hour; longer windows are read from 1-minute roll-ups. */
const RAW_WINDOW_MAX_MS = 60 * 60_000;
/** Points per series asked of the server (`points=`) for a window read from raw samples; buckets follow from it. */
export const MAX_POINTS = 400;

/** Whether a window is read from the 1-minute roll-ups rather than from the raw samples. */
export function isRollupWindow(windowMs: number): boolean {
  return windowMs > RAW_WINDOW_MAX_MS;
}

/** The spacing of points the server answers a window with: 1 s samples, wider buckets up to an hour, then 1 minute. */
export function bucketMs(windowMs: number): number {
  if (isRollupWindow(windowMs)) return 60_000;
  return bucketMsFor(windowMs, MAX_POINTS);
}

/** "1 s samples", "3 s averages", "1-minute averages". */
export function resolutionLabel(windowMs: number): string {
  const b = bucketMs(windowMs);
  if (isRollupWindow(windowMs)) return '1-minute averages';
  return b === 1000 ? '1 s samples' : `${b / 1000} s averages`;
}

/** What the browser holds of one window: every series, merged across polls. */
export interface MetricsData {
  windowMs: number;
  series: MetricSeries[];
  /** The client's clock when the latest answer arrived. */
  fetchedAt: number;
  /** The newest point over all series (panel clock), or null when there is none. */
  lastT: number | null;
}

export interface MetricsRequest {
  from: number;
  to: number;
  isIncremental: boolean;
}

/**
 * The next request for a window. Every request spans exactly the window and starts on a bucket boundary, so the
 * server (which sizes buckets from the span and aligns them on `from`) buckets the points the same way each time:
 * after the first answer only the tail since the last point is asked for. Roll-up windows are read whole.
 */
export function nextMetricsRequest(windowMs: number, now: number, prev?: MetricsData): MetricsRequest {
  const b = bucketMs(windowMs);
  const end = Math.floor(now / b) * b + b;
  const full = { from: end - windowMs, to: end, isIncremental: false };
  if (isRollupWindow(windowMs) || !prev || prev.windowMs !== windowMs || prev.lastT === null || prev.lastT < full.from)
    return full;
  // The newest bucket was still filling, and a slow tick may land just behind it: read the last two again.
  const from = Math.floor(prev.lastT / b) * b - b;
  return { from, to: from + windowMs, isIncremental: true };
}

/** Merge an answer into what is held (pure): the tail from `request.from` is replaced, points older than the window dropped. */
export function mergeMetrics(
  prev: MetricsData | undefined,
  answer: MetricSeries[],
  request: MetricsRequest,
  windowMs: number,
  now: number,
): MetricsData {
  const byName = new Map<string, MetricSeries>();
  if (request.isIncremental && prev)
    for (const s of prev.series) byName.set(s.name, { ...s, points: s.points.filter((p) => p[0] < request.from) });
  for (const s of answer) {
    const kept = byName.get(s.name)?.points ?? [];
    byName.set(s.name, { ...s, points: [...kept, ...s.points] });
  }
  let lastT: number | null = null;
  for (const s of byName.values()) {
    const t = s.points.at(-1)?.[0];
    if (t !== undefined && (lastT === null || t > lastT)) lastT = t;
  }
  const keepFrom = Math.max(now, lastT ?? now) - windowMs - bucketMs(windowMs);
  const series = [...byName.values()]
    .map((s) => ({ ...s, points: s.points.filter((p) => p[0] >= keepFrom) }))
    .filter((s) => s.points.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { windowMs, series, fetchedAt: now, lastT };
}

/** The x range a live chart shows: the window up to now (or to the newest point, if the panel's clock is ahead). */
export function liveRange(data: Pick<MetricsData, 'windowMs' | 'fetchedAt' | 'lastT'>): [from: number, to: number] {
  const to = Math.max(data.fetchedAt, data.lastT ?? 0);
  return [to - data.windowMs, to];
}
