/** Shapes of `/api/clusters/:id/notifications` as the browser reads them. */
export type NotificationKind = 'webhook' | 'slack' | 'alertmanager';

export interface NotificationChannel {
  id: string;
  kind: NotificationKind;
  name: string;
  /** A Slack webhook's path is masked. */
  url: string;
  /** `********` when set, never the secret itself. */
  secret: string | null;
  enabled: boolean;
  createdAt: string;
}

export interface NotificationAttempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface NotificationDelivery {
  id: number;
  channelId: string;
  event: 'open' | 'resolved' | 'test';
  alertKey: string | null;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: NotificationAttempt[];
}

export interface ClusterNotifications {
  channels: NotificationChannel[];
  deliveries: NotificationDelivery[];
}

export interface NotificationChannelInput {
  kind: NotificationKind;
  url: string;
  name?: string;
  secret?: string;
}

export interface NotificationTestResult {
  delivered: true;
  statusCode: number;
  durationMs: number;
}
