import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { getHostKey } from '@/lib/db/repositories/host-keys';
import { HostKeyScanError, scanHostKey } from '@/lib/hosts/host-key-scan';
import { HttpError, json, readBody, route } from '@/lib/http/respond';

const body = z.strictObject({
  host: z.string().min(1).max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address'),
  port: z.int().min(1).max(65535).default(22),
});

/**
 * The key a host presents now, for a person to compare and accept: connects, reads the key in the handshake and
 * hangs up before logging in. Also says which key is accepted for that host already, if any.
 */
export const POST = route(async (req) => {
  const { host, port } = await readBody(req, body);
  try {
    const seen = await scanHostKey(host, port);
    const accepted = await getHostKey(await getDb(), host, port);
    return json({ ...seen, accepted: accepted ? { fingerprint: accepted.fingerprint, keyType: accepted.keyType, pinnedAt: accepted.pinnedAt } : null });
  } catch (err) {
    if (err instanceof HostKeyScanError) throw new HttpError(502, [{ path: 'host', message: err.message }]);
    throw err;
  }
}, { role: 'operator' });
