import { testRowCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** `{ node, table, data? }`: insert one test row on a writable node (refused on a standby). */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await testRowCommand(id, await readJson(req), ctx), 201), { role: 'operator' });
