import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { notificationChannels } from '@/lib/db/schema';
import { channelAad } from './schema';
import {
  claimDueDeliveries,
  enqueueAlertDeliveries,
  eventOf,
  insertTestDelivery,
  openAlertsForAlertmanager,
  recordAttempt,
  releaseSendingDeliveries,
  type ChannelRow,
  type DeliveryRow,
} from '@/lib/db/repositories/notifications';
import { decrypt } from '@/lib/secrets/cipher';
import { secretKey } from '@/lib/secrets/key';
import { masker } from '@/lib/secrets/mask';
import { alertmanagerRequest, requestFor, testEvent, type AlertEvent, type ChannelKind } from './payloads';
import { isRetryable, MAX_ATTEMPTS, retryDelayMs } from './retry';
import { send, type SendResult } from './send';

const LEASE_MS = 30_000;
const BATCH = 20;
const SWEEP_EVERY_MS = 5000;
/** Alertmanager ends an alert nobody re-sent after its resolve_timeout (5 min by default): re-send open ones. */
const ALERTMANAGER_REFRESH_MS = 60_000;

/** A channel as the sender needs it: the secret opened, and a masker that hides it and the URL's path. */
async function openChannel(row: ChannelRow) {
  const secret = row.secretCiphertext ? decrypt(await secretKey(), row.secretCiphertext, channelAad(row.id)).value : null;
  const path = new URL(row.url).pathname;
  return {
    kind: row.kind as ChannelKind,
    url: row.url,
    secret,
    mask: masker([...(secret ? [secret] : []), ...(path.length > 1 ? [path.slice(1)] : [])]),
  };
}

async function deliverEvent(row: ChannelRow, e: AlertEvent, at: Date): Promise<SendResult> {
  const channel = await openChannel(row);
  return send(requestFor(channel, e, at), channel.mask);
}

const ok = (r: SendResult) => r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;

/** "Send test": one test event to the channel now, logged like any delivery; the answer says how it went. */
export async function sendTest(db: Db, channel: ChannelRow, clusterName: string): Promise<SendResult & { deliveryId: number }> {
  const key = `${channel.id}:test:${randomUUID()}`;
  const delivery = await insertTestDelivery(db, channel, key);
  const at = new Date();
  const result = await deliverEvent(channel, testEvent(key, { id: channel.clusterId, name: clusterName }, at), at);
  await recordAttempt(db, delivery, { at, ...result }, ok(result) ? { kind: 'delivered' } : { kind: 'failed' });
  return { ...result, deliveryId: delivery.id };
}

/** Sends queued alert deliveries, retrying with backoff; several processes may run one (claims skip locked rows). */
export class Notifier {
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastSweep = 0;
  private lastRefresh = Date.now();

  constructor(
    private readonly db: Db,
    private readonly options: { pollMs: number; retryBaseMs: number; exclusive?: boolean },
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
  }

  poke(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    // Alone on the state DB, a delivery "sending" was left by a process that died: due again now, not after its lease.
    if (this.options.exclusive) await releaseSendingDeliveries(this.db).catch(() => undefined);
    while (!this.stopped) {
      try {
        await this.tick(new Date());
      } catch (err) {
        console.error('pgcascade: notifier tick failed', (err as Error).message);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  async tick(now: Date): Promise<void> {
    // The sampler queues what it opened or cleared at once; this sweep catches anything a crash left behind.
    if (now.getTime() - this.lastSweep >= SWEEP_EVERY_MS) {
      await enqueueAlertDeliveries(this.db);
      this.lastSweep = now.getTime();
    }
    const due = await claimDueDeliveries(this.db, BATCH, LEASE_MS);
    await Promise.all(due.map((d) => this.deliver(d)));
    if (now.getTime() - this.lastRefresh >= ALERTMANAGER_REFRESH_MS) {
      this.lastRefresh = now.getTime();
      await this.refreshAlertmanager();
    }
  }

  private async deliver(d: DeliveryRow): Promise<void> {
    const at = new Date();
    const [channel] = await this.db.select().from(notificationChannels).where(eq(notificationChannels.id, d.channelId));
    const event = channel ? await eventOf(this.db, d) : null;
    if (!channel || !channel.enabled || !event) {
      const why = !channel ? 'the channel was removed' : !channel.enabled ? 'the channel is disabled' : 'the alert no longer exists';
      await recordAttempt(this.db, d, { at, statusCode: null, error: why, durationMs: 0 }, { kind: 'failed' });
      return;
    }
    const result = await deliverEvent(channel, event, at);
    const attempt = d.attempts + 1;
    const outcome = ok(result)
      ? { kind: 'delivered' as const }
      : isRetryable(result.statusCode) && attempt < MAX_ATTEMPTS
        ? { kind: 'retry' as const, nextAttemptAt: new Date(Date.now() + retryDelayMs(attempt, this.options.retryBaseMs)) }
        : { kind: 'failed' as const };
    await recordAttempt(this.db, d, { at, ...result }, outcome);
  }

  /** Best effort, not logged: the open alert's own delivery is; this only keeps it from expiring in Alertmanager. */
  private async refreshAlertmanager(): Promise<void> {
    const rows = await openAlertsForAlertmanager(this.db);
    await Promise.all(
      rows.map(async ({ channel, alert, clusterName }) => {
        const e: AlertEvent = {
          deliveryId: `${channel.id}:${alert.id}:open`,
          event: 'open',
          cluster: { id: alert.clusterId, name: clusterName },
          alert: {
            id: alert.id,
            key: alert.key,
            severity: alert.severity === 'critical' ? 'critical' : 'warning',
            message: alert.message,
            startedAt: alert.startedAt.toISOString(),
            clearedAt: null,
          },
        };
        await send(alertmanagerRequest(channel.url, e));
      }),
    );
  }
}

const g = globalThis as unknown as { __pgcascadeNotifier?: Notifier };

/** The process's notifier (off with PGCASCADE_NOTIFIER=off); PGCASCADE_NOTIFY_RETRY_MS sets the first retry's wait. */
export function startNotifier(db: Db, { exclusive = false } = {}): Notifier | null {
  if (process.env.PGCASCADE_NOTIFIER === 'off') return null;
  if (!g.__pgcascadeNotifier) {
    const retryBaseMs = Number(process.env.PGCASCADE_NOTIFY_RETRY_MS || 2000);
    g.__pgcascadeNotifier = new Notifier(db, { pollMs: 1000, retryBaseMs, exclusive });
    g.__pgcascadeNotifier.start();
  }
  return g.__pgcascadeNotifier;
}

/** Called where alerts open and clear: queue their deliveries now and wake the notifier. */
export async function alertsChanged(db: Db, clusterId: string): Promise<void> {
  await enqueueAlertDeliveries(db, clusterId);
  g.__pgcascadeNotifier?.poke();
}
