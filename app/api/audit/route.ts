import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { listAudit } from '@/lib/audit/record';
import { retentionDays } from '@/lib/audit/retention';
import { HttpError, json, route } from '@/lib/http/respond';

const time = z.union([z.string().regex(/^\d+$/).transform((v) => new Date(Number(v))), z.iso.datetime({ offset: true }).transform((v) => new Date(v))]);

const query = z.strictObject({
  actor: z.string().max(100).optional(),
  action: z.string().max(200).optional(),
  cluster: z.string().max(100).optional(),
  outcome: z.enum(['ok', 'denied', 'refused', 'error']).optional(),
  from: time.optional(),
  to: time.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** The audit trail, newest first: `?actor=&action=&cluster=&outcome=&from=&to=&before=<id>&limit=`. */
export const GET = route(
  async (req) => {
    const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ''));
    const parsed = query.safeParse(params);
    if (!parsed.success) throw new HttpError(422, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const q = parsed.data;
    const rows = await listAudit(await getDb(), { actor: q.actor, action: q.action, clusterId: q.cluster, outcome: q.outcome, from: q.from, to: q.to, before: q.before, limit: q.limit });
    return json({ entries: rows, retentionDays: retentionDays(process.env) });
  },
  { role: 'admin' },
);
