import type {
  NotificationChannel,
  NotificationChannelInput,
  NotificationDelivery,
  NotificationKind,
} from '@/lib/queries/notifications-types';

export const KINDS: Array<{ kind: NotificationKind; label: string; placeholder: string; hint: string }> = [
  {
    kind: 'webhook',
    label: 'JSON webhook (signed)',
    placeholder: 'https://hooks.example.com/pgcascade',
    hint: 'Each delivery is signed with HMAC-SHA256 of "<timestamp>.<body>" (see the README to verify it).',
  },
  {
    kind: 'slack',
    label: 'Slack-compatible webhook',
    placeholder: 'https://hooks.slack.com/services/T…/B…/…',
    hint: 'An incoming-webhook URL (Slack, Mattermost, Rocket.Chat): one text message per event.',
  },
  {
    kind: 'alertmanager',
    label: 'Alertmanager',
    placeholder: 'http://alertmanager.example.com:9093',
    hint: 'The base URL; alerts are posted to /api/v2/alerts, open and then resolved.',
  },
];

export const kindLabel = (kind: NotificationKind) => KINDS.find((k) => k.kind === kind)?.label ?? kind;

/** Field paths as the server names them in a 422, which is also where the form shows them. */
export const NOTIFICATION_FIELDS = ['kind', 'url', 'secret', 'name'] as const;

export interface ChannelForm {
  kind: NotificationKind;
  url: string;
  secret: string;
  name: string;
}

export const EMPTY_FORM: ChannelForm = { kind: 'webhook', url: '', secret: '', name: '' };

/** The POST body: trimmed, the secret only for the webhook (the server refuses it for the others), no empty name. */
export function channelInput(form: ChannelForm): NotificationChannelInput {
  return {
    kind: form.kind,
    url: form.url.trim(),
    ...(form.kind === 'webhook' && form.secret !== '' ? { secret: form.secret } : {}),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
  };
}

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** "open · node-down:vm3", "resolved · …", "test". */
export function eventLabel(d: NotificationDelivery): string {
  return d.event === 'test' ? 'test' : `${d.event} · ${d.alertKey ?? 'alert removed'}`;
}

/** How a delivery stands, in one line. */
export function deliverySummary(d: NotificationDelivery): string {
  const last = d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? 'no answer');
  if (d.status === 'delivered') return `delivered (${last}) after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  if (d.status === 'failed') return `gave up after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}: ${d.lastError ?? last}`;
  if (d.status === 'sending') return 'sending…';
  if (d.attempts === 0) return 'queued';
  return `attempt ${d.attempts} failed (${d.lastError ?? last}); next try ${d.nextAttemptAt ? `at ${time(d.nextAttemptAt)}` : 'soon'}`;
}

/** Every attempt: "#1 12:00:01 could not reach … · #2 12:00:03 HTTP 200". */
export function attemptsLine(d: NotificationDelivery): string {
  return d.log
    .map((a) => `#${a.attempt} ${time(a.at)} ${a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.error ?? '')}`.trim())
    .join(' · ');
}

export function channelName(channels: NotificationChannel[], id: string): string {
  return channels.find((c) => c.id === id)?.name ?? 'removed channel';
}
