import { getDb } from '@/lib/db/client';
import { listApiTokens } from '@/lib/auth/auth';
import { json, readJson, route } from '@/lib/http/respond';
import { createTokenCommand } from '@/lib/http/settings-commands';

export const GET = route(async () => json({ tokens: await listApiTokens(await getDb()) }), { role: 'admin' });

/** A new API token `{ name, role?, expiresInDays? }` (role viewer unless given): the response is the only time it is shown. */
export const POST = route(async (req, _params, ctx) => json(await createTokenCommand(await readJson(req), ctx), 201), { role: 'admin' });
