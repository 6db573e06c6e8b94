import { getDb } from '@/lib/db/client';
import { forgetHostKey, listHostKeys } from '@/lib/db/repositories/host-keys';
import { HttpError, json, route } from '@/lib/http/respond';

/** SSH host keys pinned on first use. */
export const GET = route(async () => json({ hostKeys: await listHostKeys(await getDb()) }), { role: 'operator' });

/** Forget a pinned key (`?host=&port=`), after checking that the host really was rebuilt. */
export const DELETE = route(async (req) => {
  const url = new URL(req.url);
  const host = url.searchParams.get('host') ?? '';
  const port = Number(url.searchParams.get('port') ?? 22);
  if (!(await forgetHostKey(await getDb(), host, port))) throw new HttpError(404, [{ path: 'host', message: `no key pinned for ${host}:${port}` }]);
  return json({ ok: true });
}, { role: 'admin' });
