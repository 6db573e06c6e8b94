import type { DriftReport } from '@/lib/queries/types';

/** "just now", "35 s ago", "3 min ago", "2 h ago", "4 d ago"; a time ahead of `now` (clock skew) counts as now. */
export function formatAgo(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** The drift card's headline: no check yet, no drift, or how many differences, with when it was checked. */
export function driftHeadline(report: DriftReport, now: number): string {
  if (!report.checkedAt) return 'Not checked yet';
  const when = `checked ${formatAgo(report.checkedAt, now)}`;
  const n = report.drift.length;
  return n === 0 ? `No drift (${when})` : `${n} difference${n === 1 ? '' : 's'} from the topology (${when})`;
}
