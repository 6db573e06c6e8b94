import { z } from 'zod';
import { nodeAccess } from '@/lib/clusters/endpoints';
import { requireCluster } from '@/lib/clusters/service';
import { insertTestRow } from '@/lib/clusters/live';
import { json, readBody, route } from '@/lib/http/respond';

const body = z.strictObject({ node: z.string().min(1).max(63), table: z.string().min(1).max(63), data: z.string().max(100).optional() });

export const POST = route<{ id: string }>(async (req, { id }, ctx) => {
  const input = await readBody(req, body);
  ctx.audit.node = input.node;
  const cluster = await requireCluster(id);
  const { node, table, data } = input;
  return json(await insertTestRow(cluster.topology, await nodeAccess(id, cluster.topology), node, table, data), 201);
}, { role: 'operator' });
