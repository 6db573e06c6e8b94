import { json, readJson, route } from '@/lib/http/respond';
import { scanHostKeyCommand } from '@/lib/http/settings-commands';

/** `{ host, port? }`: the key the host presents now and the one accepted for it, if any (see scanHostKeyCommand). */
export const POST = route(async (req, _params, ctx) => json(await scanHostKeyCommand(await readJson(req), ctx)), { role: 'operator' });
