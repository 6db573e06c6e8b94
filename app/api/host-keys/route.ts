import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { acceptHostKey, forgetHostKey, HostKeyConflictError, listHostKeys } from '@/lib/db/repositories/host-keys';
import { parseKnownHosts, type HostKey } from '@/lib/hosts/host-keys';
import { HttpError, json, readBody, route } from '@/lib/http/respond';

const hostField = z.string().min(1).max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address');
const portField = z.int().min(1).max(65535).default(22);

const body = z.union([
  // One key, as the wizard showed it (from POST /api/host-keys/scan) and the user accepted it.
  z.strictObject({
    host: hostField,
    port: portField,
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint (SHA256:…, 43 characters after the colon)'),
    keyType: z.string().regex(/^[a-z0-9@.-]{3,64}$/).nullable().optional(),
  }),
  // known_hosts lines; hashed names are matched against `hosts`.
  z.strictObject({
    knownHosts: z.string().min(1).max(100_000),
    hosts: z.array(z.strictObject({ host: hostField, port: portField })).max(100).optional(),
  }),
]);

/** SSH host keys a person accepted: the only keys the panel logs in with. */
export const GET = route(async () => json({ hostKeys: await listHostKeys(await getDb()) }), { role: 'operator' });

/** Accept host keys: one fingerprint the user compared, or pasted known_hosts lines. A different key already accepted is a 409. */
export const POST = route(async (req) => {
  const input = await readBody(req, body);
  let keys: HostKey[];
  let skipped: string[] = [];
  if ('knownHosts' in input) {
    ({ keys, skipped } = parseKnownHosts(input.knownHosts, input.hosts ?? []));
    if (keys.length === 0) throw new HttpError(422, [{ path: 'knownHosts', message: `no usable known_hosts line${skipped.length ? `: ${skipped.join('; ')}` : ''}` }]);
  } else {
    keys = [{ host: input.host, port: input.port, fingerprint: input.fingerprint, keyType: input.keyType ?? null }];
  }
  const db = await getDb();
  const conflicts: string[] = [];
  for (const key of keys) {
    try {
      await acceptHostKey(db, key);
    } catch (err) {
      if (!(err instanceof HostKeyConflictError)) throw err;
      conflicts.push(`${key.host}:${key.port} already has the accepted key ${err.accepted}, not ${key.fingerprint}: if the host was rebuilt, forget the old key first`);
    }
  }
  if (conflicts.length > 0) throw new HttpError(409, conflicts.map((message) => ({ path: 'knownHosts' in input ? 'knownHosts' : 'fingerprint', message })));
  return json({ accepted: keys, skipped }, 201);
}, { role: 'admin' });

/** Forget a pinned key (`?host=&port=`), after checking that the host really was rebuilt. */
export const DELETE = route(async (req) => {
  const url = new URL(req.url);
  const host = url.searchParams.get('host') ?? '';
  const port = Number(url.searchParams.get('port') ?? 22);
  if (!(await forgetHostKey(await getDb(), host, port))) throw new HttpError(404, [{ path: 'host', message: `no key pinned for ${host}:${port}` }]);
  return json({ ok: true });
}, { role: 'admin' });
