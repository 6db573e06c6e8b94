import 'server-only';
import { z } from 'zod';
import { queueRestore } from '@/lib/backups/restore-service';
import { restoreTargetSchema } from '@/lib/backups/restore-target';
import type { CommandContext } from './cluster-commands';
import { parseInput } from './respond';

/** "Restore to…": a backup, a time, or (neither) the latest; into a scratch cluster, a new node, or the backup node itself. */
export const restoreInput = z.strictObject({
  backup: z.string().regex(/^\d{8}-\d{6}F(_\d{8}-\d{6}[DI])?$/, 'must be a backup label such as 20260101-020000F').optional(),
  time: z.iso.datetime({ offset: true, message: 'must be an ISO timestamp such as 2026-01-01T02:30:00Z' }).optional(),
  node: z.string().min(1).max(63).optional(),
  target: restoreTargetSchema,
});

export type RestoreInput = z.input<typeof restoreInput>;

/** Queue the restore job; 422 with every problem, 409 when the name is taken or an in-place restore is not confirmed. */
export async function restoreCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, z.string().min(1).max(100));
  ctx.audit.clusterId = id;
  const { backup, time, node, target } = parseInput(input, restoreInput);
  if (node) ctx.audit.node = node;
  const queued = await queueRestore(id, { ...(backup ? { backup } : {}), ...(time ? { time } : {}) }, node, target);
  ctx.audit.target = queued.jobId;
  return queued;
}
