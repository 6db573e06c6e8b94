import { importCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** Adopt servers that already run: read them, save the cluster with the topology that describes them; nothing changes on the hosts. */
export const POST = route(async (req, _params, ctx) => json(await importCommand(await readJson(req), ctx), 201), { role: 'operator' });
