import { z } from 'zod';
import { backupList, queueBackup } from '@/lib/backups/service';
import { json, readBody, route } from '@/lib/http/respond';

const body = z.strictObject({ type: z.enum(['full', 'diff', 'incr']), node: z.string().min(1).max(63).optional() });

/** Every backup in the repository (`pgbackrest info`) and the archive's health (`pg_stat_archiver`). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const node = new URL(req.url).searchParams.get('node') ?? undefined;
  const list = await backupList(id, node);
  return json({ backups: list.backups, archive: list.archive });
}, { role: 'viewer' });

/** "Back up now": a full, differential or incremental backup, queued as a job. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => {
  const input = await readBody(req, body);
  if (input.node) ctx.audit.node = input.node;
  return json(await queueBackup(id, input.type, 'manual', input.node), 202);
}, { role: 'operator' });
