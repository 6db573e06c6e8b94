export interface Point {
  series: string;
  at: Date;
  value: number;
}

export interface Rollup {
  series: string;
  minute: Date;
  min: number;
  avg: number;
  max: number;
  count: number;
}

/** One-minute min/avg/max per series. */
export function rollUp(points: Point[]): Rollup[] {
  const groups = new Map<string, Rollup & { sum: number }>();
  for (const p of points) {
    const minute = new Date(Math.floor(p.at.getTime() / 60_000) * 60_000);
    const key = `${p.series}\u0000${minute.getTime()}`;
    const g = groups.get(key);
    if (!g)
      groups.set(key, {
        series: p.series,
        minute,
        min: p.value,
        max: p.value,
        avg: p.value,
        count: 1,
        sum: p.value,
      });
    else {
      g.min = Math.min(g.min, p.value);
      g.max = Math.max(g.max, p.value);
      g.sum += p.value;
      g.count += 1;
      g.avg = g.sum / g.count;
    }
  }
  return [...groups.values()]
    .map(({ sum, ...r }) => (void sum, r))
    .sort((a, b) => a.series.localeCompare(b.series) || a.minute.getTime() - b.minute.getTime());
}
