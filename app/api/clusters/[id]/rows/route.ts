import { nodeAccess } from '@/lib/clusters/endpoints';
import { requireCluster } from '@/lib/clusters/service';
import { readRows } from '@/lib/clusters/live';
import { HttpError, json, route } from '@/lib/http/respond';

export const GET = route<{ id: string }>(async (req, { id }) => {
  const url = new URL(req.url);
  const table = url.searchParams.get('table');
  if (!table) throw new HttpError(422, [{ path: 'table', message: 'give ?table=<name>' }]);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(422, [{ path: 'limit', message: 'limit must be a whole number from 1 to 500' }]);
  const cluster = await requireCluster(id);
  return json({ nodes: await readRows(cluster.topology, await nodeAccess(id, cluster.topology), table, limit) });
}, { role: 'viewer' });
