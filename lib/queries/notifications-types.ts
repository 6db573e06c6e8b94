import type { Json } from '@/lib/http/json';
import type { testChannelCommand } from '@/lib/http/notification-commands';
import type { channelView, presentNotifications } from '@/lib/notify/present';
import type { ChannelCreate } from '@/lib/notify/schema';

/** Shapes of a cluster's notifications as the browser reads them, derived from the server's presenters. */
export type ClusterNotifications = Json<ReturnType<typeof presentNotifications>>;

/** A channel; a Slack webhook's path is masked, a secret is `********` when set, never the secret itself. */
export type NotificationChannel = Json<ReturnType<typeof channelView>>;
export type NotificationKind = NotificationChannel['kind'];

export type NotificationDelivery = ClusterNotifications['deliveries'][number];
export type NotificationAttempt = NotificationDelivery['log'][number];

export type NotificationChannelInput = Pick<ChannelCreate, 'kind' | 'url' | 'name' | 'secret'>;

export type NotificationTestResult = Json<Awaited<ReturnType<typeof testChannelCommand>>>;
