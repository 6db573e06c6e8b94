import { getDb } from '@/lib/db/client';
import { deleteChannel, getChannel, updateChannel } from '@/lib/db/repositories/notifications';
import { requireCluster } from '@/lib/clusters/service';
import { HttpError, json, readBody, route } from '@/lib/http/respond';
import { channelView } from '@/lib/notify/present';
import { channelAad, channelUpdateSchema, SECRET_NOT_USED } from '@/lib/notify/schema';
import { encrypt } from '@/lib/secrets/cipher';
import { secretKey } from '@/lib/secrets/key';

type Params = { id: string; channelId: string };

const notFound = (channelId: string) => new HttpError(404, [{ path: '', message: `notification channel ${channelId} not found` }]);

/** Change a channel: `{ name?, url?, secret?, enabled? }`; a webhook keeps its secret unless a new one is sent. */
export const PATCH = route<Params>(async (req, { id, channelId }) => {
  const patch = await readBody(req, channelUpdateSchema);
  await requireCluster(id);
  const db = await getDb();
  const before = await getChannel(db, id, channelId);
  if (!before) throw notFound(channelId);
  if (patch.secret && before.kind !== 'webhook') throw new HttpError(422, [{ path: 'secret', message: SECRET_NOT_USED }]);
  const { secret, ...rest } = patch;
  const row = await updateChannel(db, id, channelId, {
    ...rest,
    ...(secret ? { secretCiphertext: encrypt(await secretKey(), secret, channelAad(channelId)) } : {}),
  });
  if (!row) throw notFound(channelId);
  return json(channelView(row));
}, { role: 'operator' });

/** Remove a channel with its deliveries. */
export const DELETE = route<Params>(async (_req, { id, channelId }) => {
  await requireCluster(id);
  if (!(await deleteChannel(await getDb(), id, channelId))) throw notFound(channelId);
  return json({ ok: true });
}, { role: 'operator' });
