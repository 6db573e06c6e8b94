import { restoreCommand } from '@/lib/http/restore-command';
import { json, readJson, route } from '@/lib/http/respond';

/**
 * Point-in-time recovery: a backup, a time, or (neither) the latest; into a new scratch cluster, a new standalone
 * node (`{ kind: "node", name, port, host? }`), or over the backup node itself (`{ kind: "in-place", confirm }`).
 */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await restoreCommand(id, await readJson(req), ctx), 202), { role: 'operator' });
