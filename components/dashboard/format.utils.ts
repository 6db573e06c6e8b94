import type { MetricUnit } from '@/lib/queries/types';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

function digits(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** 0 B, 812 B, 3.20 KiB, 12.5 MiB, 1.00 GiB (binary units, as PostgreSQL's pg_size_pretty). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${digits(v)} ${BYTE_UNITS[i]}`;
}

/** 1.25 KiB/s. */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  const b = formatBytes(bytesPerSecond);
  return b === '—' ? b : `${b}/s`;
}

/** 0 ms, 0.4 ms, 2.5 ms, 350 ms, then as seconds. */
export function formatMilliseconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) < 10) return `${ms.toFixed(1)} ms`;
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return formatSeconds(ms / 1000);
}

/** 0 s, 350 ms, 1.25 s, 12.3 s, 2 min 05 s, 1 h 02 min. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (s === 0) return '0 s';
  if (s < 1) return formatMilliseconds(seconds * 1000);
  if (s < 10) return `${sign}${s.toFixed(2)} s`;
  if (s < 60) return `${sign}${s.toFixed(1)} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${sign}${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A value of a series in its unit, in human units. */
export function formatMetric(unit: MetricUnit, value: number | null | undefined): string {
  switch (unit) {
    case 'B':
      return formatBytes(value);
    case 'B/s':
      return formatRate(value);
    case 's':
      return formatSeconds(value);
    case 'ms':
      return formatMilliseconds(value);
    default:
      return value === null || value === undefined ? '—' : String(value);
  }
}

/** An axis tick: like formatMetric without trailing zeros ("8 MiB/s", "1.5 s"). */
export function formatTick(unit: MetricUnit, value: number): string {
  return formatMetric(unit, value).replace(/(\.\d*?)0+(?= )/, '$1').replace(/\.(?= )/, '');
}

/** Lag as the graph labels it: "120 ms · 3.20 KiB". */
export function formatLag(seconds: number | null, bytes: number | null): string {
  if (seconds === null && bytes === null) return 'lag unknown';
  return `${formatSeconds(seconds)} · ${formatBytes(bytes)}`;
}

/** Parse a PostgreSQL timestamptz as JSON or text renders it ("2026-11-24 16:50:47.57+00"); NaN when it is not one. */
export function parsePgTime(ts: string): number {
  return Date.parse(ts.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

/** Local wall-clock time of an ISO or PostgreSQL timestamp, "16:50:47"; the text itself when it cannot be read. */
export function formatClock(ts: string | null): string {
  if (!ts) return '—';
  const t = parsePgTime(ts);
  return Number.isNaN(t) ? ts : new Date(t).toLocaleTimeString(undefined, { hour12: false });
}

/** Local date and time, "24/11/2026, 16:50:47". */
export function formatDateTime(ts: string | null): string {
  if (!ts) return '—';
  const t = parsePgTime(ts);
  return Number.isNaN(t) ? ts : new Date(t).toLocaleString(undefined, { hour12: false });
}
