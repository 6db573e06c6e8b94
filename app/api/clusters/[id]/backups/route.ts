import { backupList } from '@/lib/backups/service';
import { backupCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** Every backup in the repository (`pgbackrest info`) and the archive's health (`pg_stat_archiver`). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const node = new URL(req.url).searchParams.get('node') ?? undefined;
  const list = await backupList(id, node);
  return json({ backups: list.backups, archive: list.archive });
}, { role: 'viewer' });

/** "Back up now": `{ type: full | diff | incr, node? }`, queued as a job. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await backupCommand(id, await readJson(req), ctx), 202), { role: 'operator' });
