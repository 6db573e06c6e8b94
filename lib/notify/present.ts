import 'server-only';
import type { ChannelRow, DeliveryLogEntry } from '@/lib/db/repositories/notifications';
import { MASK } from '@/lib/plan/secret-placeholders';
import type { ChannelKind } from './payloads';

export interface ChannelView {
  id: string;
  kind: ChannelKind;
  name: string;
  /** A Slack webhook's path is its credential: only its origin is shown. */
  url: string;
  /** Masked when set: the secret is never sent back. */
  secret: string | null;
  enabled: boolean;
  createdAt: Date;
}

export function channelView(row: ChannelRow): ChannelView {
  const kind = row.kind as ChannelKind;
  return {
    id: row.id,
    kind,
    name: row.name,
    url: kind === 'slack' ? `${new URL(row.url).origin}/${MASK}` : row.url,
    secret: row.secretCiphertext ? MASK : null,
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}

/** A name when none was given: the kind and the receiver's host. */
export function defaultChannelName(kind: ChannelKind, url: string): string {
  const label = kind === 'webhook' ? 'Webhook' : kind === 'slack' ? 'Slack' : 'Alertmanager';
  return `${label} ${new URL(url).host}`;
}

/** GET /api/clusters/:id/notifications: the channels (secrets masked) and the delivery log with every attempt. */
export function presentNotifications(channels: ChannelRow[], deliveries: DeliveryLogEntry[]) {
  return { channels: channels.map(channelView), deliveries };
}
