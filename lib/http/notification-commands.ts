import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { requireCluster } from '@/lib/clusters/service';
import { getDb } from '@/lib/db/client';
import { deleteChannel, getChannel, insertChannel, updateChannel } from '@/lib/db/repositories/notifications';
import { sendTest } from '@/lib/notify/notifier';
import { channelView, defaultChannelName } from '@/lib/notify/present';
import { channelAad, channelCreateSchema, channelUpdateSchema, SECRET_NOT_USED } from '@/lib/notify/schema';
import { encrypt } from '@/lib/secrets/cipher';
import { secretKey } from '@/lib/secrets/key';
import type { CommandContext } from './cluster-commands';
import { HttpError } from './http-error';
import { parseInput } from './respond';

// A cluster's notification channels, as their routes and the cluster page's server actions both change them.

const id = z.string().min(1).max(100);

const notFound = (channelId: string) => new HttpError(404, [{ path: '', message: `notification channel ${channelId} not found` }]);

function ids(clusterId: string, channelId: string | null, ctx: CommandContext): void {
  parseInput(clusterId, id);
  ctx.audit.clusterId = clusterId;
  if (channelId === null) return;
  parseInput(channelId, id);
  ctx.audit.target = `channel:${channelId}`;
}

/** `{ kind: webhook | slack | alertmanager, url, secret? (webhook), name?, enabled? }`; 422 names each field. */
export async function createChannelCommand(clusterId: string, input: unknown, ctx: CommandContext) {
  ids(clusterId, null, ctx);
  const channel = parseInput(input, channelCreateSchema);
  await requireCluster(clusterId);
  const channelId = randomUUID();
  ctx.audit.target = `channel:${channelId}`;
  const row = await insertChannel(await getDb(), {
    id: channelId,
    clusterId,
    kind: channel.kind,
    name: channel.name ?? defaultChannelName(channel.kind, channel.url),
    url: channel.url,
    secretCiphertext: channel.secret ? encrypt(await secretKey(), channel.secret, channelAad(channelId)) : null,
    enabled: channel.enabled ?? true,
  });
  return channelView(row);
}

/** `{ name?, url?, secret?, enabled? }`: a webhook keeps its secret unless a new one is sent. */
export async function updateChannelCommand(clusterId: string, channelId: string, input: unknown, ctx: CommandContext) {
  ids(clusterId, channelId, ctx);
  const patch = parseInput(input, channelUpdateSchema);
  await requireCluster(clusterId);
  const db = await getDb();
  const before = await getChannel(db, clusterId, channelId);
  if (!before) throw notFound(channelId);
  if (patch.secret && before.kind !== 'webhook') throw new HttpError(422, [{ path: 'secret', message: SECRET_NOT_USED }]);
  const { secret, ...rest } = patch;
  const row = await updateChannel(db, clusterId, channelId, {
    ...rest,
    ...(secret ? { secretCiphertext: encrypt(await secretKey(), secret, channelAad(channelId)) } : {}),
  });
  if (!row) throw notFound(channelId);
  return channelView(row);
}

/** Remove a channel with its deliveries. */
export async function deleteChannelCommand(clusterId: string, channelId: string, ctx: CommandContext) {
  ids(clusterId, channelId, ctx);
  await requireCluster(clusterId);
  if (!(await deleteChannel(await getDb(), clusterId, channelId))) throw notFound(channelId);
  return { ok: true as const };
}

/** "Send test": a test event to the channel now. A receiver that cannot be reached or refuses it is a 422 at `url`. */
export async function testChannelCommand(clusterId: string, channelId: string, ctx: CommandContext) {
  ids(clusterId, channelId, ctx);
  const cluster = await requireCluster(clusterId);
  const db = await getDb();
  const channel = await getChannel(db, clusterId, channelId);
  if (!channel) throw notFound(channelId);
  const result = await sendTest(db, channel, cluster.name);
  if (result.error) throw new HttpError(422, [{ path: 'url', message: result.error }]);
  return { delivered: true as const, statusCode: result.statusCode, durationMs: result.durationMs, deliveryId: result.deliveryId };
}
