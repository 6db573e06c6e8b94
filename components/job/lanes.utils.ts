import type { JobStep } from '@/lib/queries/types';

export interface LaneBar {
  id: string;
  summary: string;
  status: JobStep['status'];
  /** Offset and width as fractions of the span from the first start to the last end. */
  left: number;
  width: number;
}

export interface Lane {
  node: string;
  bars: LaneBar[];
}

/**
 * One lane per node with a bar for every step that started, placed on the job's time axis: steps of different
 * nodes that overlap ran at once. A running step reaches `now`.
 */
export function laneBars(steps: ReadonlyArray<Pick<JobStep, 'id' | 'node' | 'summary' | 'status' | 'startedAt' | 'finishedAt'>>, now: number): { lanes: Lane[]; spanMs: number; peak: number } {
  const started = steps.filter((s) => s.startedAt);
  if (started.length === 0) return { lanes: [], spanMs: 0, peak: 0 };
  const times = started.map((s) => {
    const start = Date.parse(s.startedAt as string);
    const end = s.finishedAt ? Date.parse(s.finishedAt) : s.status === 'running' ? now : start;
    return { s, start, end: Math.max(end, start) };
  });
  const from = Math.min(...times.map((t) => t.start));
  const to = Math.max(...times.map((t) => t.end), from + 1);
  const span = to - from;
  const lanes = new Map<string, Lane>();
  for (const { s, start, end } of times) {
    const lane = lanes.get(s.node) ?? { node: s.node, bars: [] };
    lane.bars.push({ id: s.id, summary: s.summary, status: s.status, left: (start - from) / span, width: Math.max((end - start) / span, 0.004) });
    lanes.set(s.node, lane);
  }
  // The most steps that ran at the same moment: how parallel the job was.
  const edges = times.flatMap((t) => [
    { at: t.start, d: 1 },
    { at: t.end, d: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  let current = 0;
  let peak = 0;
  for (const e of edges) peak = Math.max(peak, (current += e.d));
  return { lanes: [...lanes.values()], spanMs: span, peak };
}
