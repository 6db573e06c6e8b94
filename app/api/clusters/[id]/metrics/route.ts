import { getDb } from '@/lib/db/client';
import { readSeries } from '@/lib/db/repositories/monitoring';
import { requireCluster } from '@/lib/clusters/service';
import { HttpError, json, route } from '@/lib/http/respond';
import { presentSeries } from '@/lib/monitor/present';

/** Time series of a cluster: `?from=&to=` (ISO or epoch ms; default the last 5 minutes), `&series=a,b`, `&points=` per series (default 400). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  await requireCluster(id);
  const url = new URL(req.url);
  const time = (name: string, fallback: number) => {
    const v = url.searchParams.get(name);
    if (v === null || v === '') return new Date(fallback);
    const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
    if (Number.isNaN(d.getTime())) throw new HttpError(422, [{ path: name, message: `${name} must be an ISO time or epoch milliseconds` }]);
    return d;
  };
  const to = time('to', Date.now());
  const from = time('from', to.getTime() - 5 * 60_000);
  if (from >= to) throw new HttpError(422, [{ path: 'from', message: 'from must be before to' }]);
  const series = url.searchParams.get('series')?.split(',').filter(Boolean);
  const points = Number(url.searchParams.get('points') ?? 400);
  if (!Number.isInteger(points) || points < 10 || points > 2000) throw new HttpError(422, [{ path: 'points', message: 'points must be a whole number from 10 to 2000' }]);
  const rows = await readSeries(await getDb(), id, from, to, series, points);
  return json(presentSeries(from, to, rows));
}, { role: 'viewer' });
