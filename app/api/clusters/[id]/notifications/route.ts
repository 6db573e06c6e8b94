import { getDb } from '@/lib/db/client';
import { listChannels, listDeliveries } from '@/lib/db/repositories/notifications';
import { requireCluster } from '@/lib/clusters/service';
import { json, readJson, route } from '@/lib/http/respond';
import { createChannelCommand } from '@/lib/http/notification-commands';
import { presentNotifications } from '@/lib/notify/present';

/** The cluster's notification channels (secrets masked) and its delivery log, newest first, with every attempt. */
export const GET = route<{ id: string }>(async (_req, { id }) => {
  await requireCluster(id);
  const db = await getDb();
  return json(presentNotifications(await listChannels(db, id), await listDeliveries(db, id)));
}, { role: 'operator' });

/** Add a channel: `{ kind: webhook | slack | alertmanager, url, secret? (webhook), name?, enabled? }`; 422 names each field. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await createChannelCommand(id, await readJson(req), ctx), 201), { role: 'operator' });
