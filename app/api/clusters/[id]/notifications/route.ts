import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/db/client';
import { insertChannel, listChannels, listDeliveries } from '@/lib/db/repositories/notifications';
import { requireCluster } from '@/lib/clusters/service';
import { json, readBody, route } from '@/lib/http/respond';
import { channelView, defaultChannelName } from '@/lib/notify/present';
import { channelAad, channelCreateSchema } from '@/lib/notify/schema';
import { encrypt } from '@/lib/secrets/cipher';
import { secretKey } from '@/lib/secrets/key';

/** The cluster's notification channels (secrets masked) and its delivery log, newest first, with every attempt. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  await requireCluster(id);
  const db = await getDb();
  return json({ channels: (await listChannels(db, id)).map(channelView), deliveries: await listDeliveries(db, id) });
}, { role: 'operator' });

/** Add a channel: `{ kind: webhook | slack | alertmanager, url, secret? (webhook), name?, enabled? }`; 422 names each field. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const input = await readBody(req, channelCreateSchema);
  await requireCluster(id);
  const channelId = randomUUID();
  const row = await insertChannel(await getDb(), {
    id: channelId,
    clusterId: id,
    kind: input.kind,
    name: input.name ?? defaultChannelName(input.kind, input.url),
    url: input.url,
    secretCiphertext: input.secret ? encrypt(await secretKey(), input.secret, channelAad(channelId)) : null,
    enabled: input.enabled ?? true,
  });
  return json(channelView(row), 201);
}, { role: 'operator' });
