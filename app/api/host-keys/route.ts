import { getDb } from '@/lib/db/client';
import { listHostKeys } from '@/lib/db/repositories/host-keys';
import { json, readJson, route } from '@/lib/http/respond';
import { acceptHostKeysCommand, forgetHostKeyCommand } from '@/lib/http/settings-commands';

/** SSH host keys a person accepted: the only keys the panel logs in with. */
export const GET = route(async () => json({ hostKeys: await listHostKeys(await getDb()) }), { role: 'operator' });

/** Accept host keys: `{ host, port, fingerprint, keyType? }` the user compared, or `{ knownHosts, hosts? }`. A different key already accepted is a 409. */
export const POST = route(async (req, _params, ctx) => json(await acceptHostKeysCommand(await readJson(req), ctx), 201), { role: 'admin' });

/** Forget a pinned key (`?host=&port=`), after checking that the host really was rebuilt. */
export const DELETE = route(async (req, _params, ctx) => {
  const url = new URL(req.url);
  return json(await forgetHostKeyCommand(url.searchParams.get('host') ?? '', Number(url.searchParams.get('port') ?? 22), ctx));
}, { role: 'admin' });
