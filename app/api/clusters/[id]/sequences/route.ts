import { z } from 'zod';
import { sequenceLags, syncSequences } from '@/lib/clusters/sequences';
import { HttpError } from '@/lib/http/http-error';
import { json, readJson, route } from '@/lib/http/respond';

type Params = { id: string };

/** Per subscriber, each sequence's value against its publisher's (logical replication does not carry sequences). */
export const GET = route<Params>(async (_req, { id }) => json({ subscribers: await sequenceLags(id) }), { role: 'viewer' });

const syncSchema = z.strictObject({ node: z.string().max(63).optional(), margin: z.number().int().min(0).max(1_000_000_000).optional() });

/** `{ node?, margin? }`: setval each lagging sequence to the publisher's value plus the margin (never backwards). */
export const POST = route<Params>(async (req, { id }, ctx) => {
  const body = syncSchema.safeParse(await readJson(req));
  if (!body.success) throw new HttpError(422, body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  ctx.audit.target = body.data.node ?? 'all subscribers';
  return json({ synced: await syncSequences(id, body.data) });
}, { role: 'operator' });
