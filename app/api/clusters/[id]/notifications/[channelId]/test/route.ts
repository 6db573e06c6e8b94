import { json, route } from '@/lib/http/respond';
import { testChannelCommand } from '@/lib/http/notification-commands';

type Params = { id: string; channelId: string };

/** "Send test": a test event to the channel now. A receiver that cannot be reached or refuses it is a 422 at `url`. */
export const POST = route<Params>(async (_req, { id, channelId }, ctx) => json(await testChannelCommand(id, channelId, ctx)), { role: 'operator' });
