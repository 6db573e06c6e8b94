import { DELIVERY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';

export const CHANNEL_KINDS = ['webhook', 'slack', 'alertmanager'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type AlertEventKind = 'open' | 'resolved' | 'test';

/** One alert event as every kind of channel is told about it. Carries no secret. */
export interface AlertEvent {
  /** Stable per channel and event: receivers drop a repeat (a retry whose answer was lost) by it. */
  deliveryId: string;
  event: AlertEventKind;
  cluster: { id: string; name: string };
  alert: {
    id: number | null;
    key: string;
    severity: 'critical' | 'warning';
    message: string;
    startedAt: string;
    clearedAt: string | null;
  };
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The test event "Send test" sends: a warning that starts now and ends a minute later (Alertmanager forgets it). */
export function testEvent(deliveryId: string, cluster: { id: string; name: string }, now: Date): AlertEvent {
  return {
    deliveryId,
    event: 'test',
    cluster,
    alert: {
      id: null,
      key: 'test',
      severity: 'warning',
      message: `test notification from pgcascade for cluster ${cluster.name}`,
      startedAt: now.toISOString(),
      clearedAt: new Date(now.getTime() + 60_000).toISOString(),
    },
  };
}

/** `node-down:vm3` → `PgcascadeNodeDown`: Alertmanager groups and routes by alertname. */
export function alertName(key: string): string {
  const kind = key.split(':')[0] ?? key;
  return `Pgcascade${kind
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')}`;
}

/** Alertmanager's v2 API path under the base URL the user gave (unless they gave the full path). */
export function alertmanagerUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v2/alerts') ? trimmed : `${trimmed}/api/v2/alerts`;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'user-agent': 'pgcascade' };

/** The generic webhook: the event as JSON, signed (see signature.ts) when the channel has its secret. */
export function webhookRequest(url: string, e: AlertEvent, secret: string, now: Date): OutgoingRequest {
  const body = JSON.stringify({ version: 1, ...e, sentAt: now.toISOString() });
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    url,
    body,
    headers: {
      ...JSON_HEADERS,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      [DELIVERY_HEADER]: e.deliveryId,
    },
  };
}

/** One line of text, what Slack (and Mattermost, Rocket.Chat, Discord's /slack endpoint) show. */
export function slackText(e: AlertEvent): string {
  const where = `cluster ${e.cluster.name}`;
  if (e.event === 'test') return `:wave: pgcascade test notification for ${where}: notifications reach this channel.`;
  if (e.event === 'resolved')
    return `:white_check_mark: *Resolved* [${e.alert.severity}] ${where}: ${e.alert.message} (since ${e.alert.startedAt})`;
  return `${e.alert.severity === 'critical' ? ':red_circle:' : ':warning:'} *${e.alert.severity.toUpperCase()}* ${where}: ${e.alert.message}`;
}

export function slackRequest(url: string, e: AlertEvent): OutgoingRequest {
  return { url, body: JSON.stringify({ text: slackText(e) }), headers: { ...JSON_HEADERS } };
}

/**
 * Alertmanager's `POST /api/v2/alerts`: an open alert has no end (Alertmanager ends it after its resolve_timeout
 * unless it is sent again, which the notifier does while it stays open); a resolved one ends when it cleared.
 */
export function alertmanagerRequest(url: string, e: AlertEvent): OutgoingRequest {
  const alert = {
    labels: {
      alertname: e.event === 'test' ? 'PgcascadeTest' : alertName(e.alert.key),
      cluster: e.cluster.name,
      cluster_id: e.cluster.id,
      severity: e.alert.severity,
      alert_key: e.alert.key,
    },
    annotations: { summary: e.alert.message },
    startsAt: e.alert.startedAt,
    ...(e.event !== 'open' && e.alert.clearedAt ? { endsAt: e.alert.clearedAt } : {}),
  };
  return { url: alertmanagerUrl(url), body: JSON.stringify([alert]), headers: { ...JSON_HEADERS } };
}

/** The HTTP request for one event on one channel. */
export function requestFor(
  channel: { kind: ChannelKind; url: string; secret: string | null },
  e: AlertEvent,
  now: Date,
): OutgoingRequest {
  if (channel.kind === 'slack') return slackRequest(channel.url, e);
  if (channel.kind === 'alertmanager') return alertmanagerRequest(channel.url, e);
  if (!channel.secret) throw new Error('this webhook has no secret to sign with: set one');
  return webhookRequest(channel.url, e, channel.secret, now);
}
