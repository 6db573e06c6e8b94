import { previewApplyCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** The plan a re-apply would run, read against the live nodes: of its saved topology, or of a changed one. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await previewApplyCommand(id, await readJson(req, { optional: true }), ctx)), { role: 'operator' });
