import { retiredNodes } from '@/lib/clusters/takeover';
import { rebuildCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** Nodes that left in a failover or switchover and can be rebuilt as the standby of the node that replaced them. */
export const GET = route<{ id: string }>(async (_req, { id }) => json({ retired: await retiredNodes(id) }), { role: 'viewer' });

/** `{ "node": "vm3" }`: add it back as that standby (re-cloned) → 202 `{ jobId }`. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await rebuildCommand(id, await readJson(req), ctx), 202), { role: 'operator' });
