import { z } from 'zod';
import { rebuildRetired, retiredNodes } from '@/lib/clusters/takeover';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { identifierSchema } from '@/lib/topology/schema';

/** Nodes that left in a failover or switchover and can be rebuilt as the standby of the node that replaced them. */
export const GET = route<{ id: string }>(async (_req, { id }) => json({ retired: await retiredNodes(id) }), { role: 'viewer' });

/** `{ "node": "vm3" }`: add it back as that standby (re-cloned) → 202 `{ jobId }`. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => {
  const { node } = await readBody(req, z.strictObject({ node: identifierSchema }));
  ctx.audit.node = node;
  const r = await rebuildRetired(id, node);
  if (!r.ok) throw new HttpError(422, r.issues);
  return json({ jobId: r.jobId }, 202);
}, { role: 'operator' });
