import { z } from 'zod';
import { queueRestore } from '@/lib/backups/restore-service';
import { HttpError, json, readBody, route } from '@/lib/http/respond';

const body = z.strictObject({
  backup: z.string().regex(/^\d{8}-\d{6}F(_\d{8}-\d{6}[DI])?$/, 'must be a backup label such as 20260101-020000F').optional(),
  time: z.iso.datetime({ offset: true, message: 'must be an ISO timestamp such as 2026-01-01T02:30:00Z' }).optional(),
  node: z.string().min(1).max(63).optional(),
  target: z.union([z.strictObject({ kind: z.literal('scratch') }), z.looseObject({ kind: z.literal('node') })]),
});

/** Point-in-time recovery into a new local scratch cluster: a backup, a time, or (neither) the latest. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => {
  const input = await readBody(req, body);
  if (input.target.kind !== 'scratch') throw new HttpError(422, [{ path: 'target.kind', message: 'restoring into a new node is not supported yet: use { "kind": "scratch" }' }]);
  if (input.node) ctx.audit.node = input.node;
  return json(await queueRestore(id, { ...(input.backup ? { backup: input.backup } : {}), ...(input.time ? { time: input.time } : {}) }, input.node), 202);
}, { role: 'operator' });
