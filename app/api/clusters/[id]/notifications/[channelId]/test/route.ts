import { getDb } from '@/lib/db/client';
import { getChannel } from '@/lib/db/repositories/notifications';
import { requireCluster } from '@/lib/clusters/service';
import { HttpError, json, route } from '@/lib/http/respond';
import { sendTest } from '@/lib/notify/notifier';

type Params = { id: string; channelId: string };

/** "Send test": a test event to the channel now. A receiver that cannot be reached or refuses it is a 422 at `url`. */
export const POST = route<Params>(async (_req, { id, channelId }) => {
  const cluster = await requireCluster(id);
  const db = await getDb();
  const channel = await getChannel(db, id, channelId);
  if (!channel) throw new HttpError(404, [{ path: '', message: `notification channel ${channelId} not found` }]);
  const result = await sendTest(db, channel, cluster.name);
  if (result.error) throw new HttpError(422, [{ path: 'url', message: result.error }]);
  return json({ delivered: true, statusCode: result.statusCode, durationMs: result.durationMs, deliveryId: result.deliveryId });
}, { role: 'operator' });
