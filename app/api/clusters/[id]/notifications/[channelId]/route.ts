import { json, readJson, route } from '@/lib/http/respond';
import { deleteChannelCommand, updateChannelCommand } from '@/lib/http/notification-commands';

type Params = { id: string; channelId: string };

/** Change a channel: `{ name?, url?, secret?, enabled? }`; a webhook keeps its secret unless a new one is sent. */
export const PATCH = route<Params>(async (req, { id, channelId }, ctx) => json(await updateChannelCommand(id, channelId, await readJson(req), ctx)), { role: 'operator' });

/** Remove a channel with its deliveries. */
export const DELETE = route<Params>(async (_req, { id, channelId }, ctx) => json(await deleteChannelCommand(id, channelId, ctx)), { role: 'operator' });
