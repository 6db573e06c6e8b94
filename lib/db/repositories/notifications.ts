import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { alerts, clusters, notificationAttempts, notificationChannels, notificationDeliveries } from '../schema';
import type { AlertEvent, AlertEventKind, ChannelKind } from '@/lib/notify/payloads';

export type ChannelRow = typeof notificationChannels.$inferSelect;
export type DeliveryRow = typeof notificationDeliveries.$inferSelect;

export async function listChannels(db: Db, clusterId: string): Promise<ChannelRow[]> {
  return db.select().from(notificationChannels).where(eq(notificationChannels.clusterId, clusterId)).orderBy(notificationChannels.createdAt);
}

export async function getChannel(db: Db, clusterId: string, id: string): Promise<ChannelRow | null> {
  const [row] = await db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.clusterId, clusterId), eq(notificationChannels.id, id)));
  return row ?? null;
}

export async function insertChannel(
  db: Db,
  row: { id: string; clusterId: string; kind: ChannelKind; name: string; url: string; secretCiphertext: string | null; enabled: boolean },
): Promise<ChannelRow> {
  const [saved] = await db.insert(notificationChannels).values(row).returning();
  return saved!;
}

export async function updateChannel(
  db: Db,
  clusterId: string,
  id: string,
  patch: Partial<Pick<ChannelRow, 'name' | 'url' | 'secretCiphertext' | 'enabled'>>,
): Promise<ChannelRow | null> {
  const before = await getChannel(db, clusterId, id);
  if (!before) return null;
  // Enabled again: only alerts alive from now on, not everything that happened while it was off.
  const reenabled = patch.enabled === true && !before.enabled;
  const [row] = await db
    .update(notificationChannels)
    .set({ ...patch, ...(reenabled ? { enabledAt: new Date() } : {}) })
    .where(and(eq(notificationChannels.clusterId, clusterId), eq(notificationChannels.id, id)))
    .returning();
  return row ?? null;
}

/** The channel and its deliveries (their log goes with it). */
export async function deleteChannel(db: Db, clusterId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(notificationChannels)
    .where(and(eq(notificationChannels.clusterId, clusterId), eq(notificationChannels.id, id)))
    .returning({ id: notificationChannels.id });
  if (gone.length === 0) return false;
  const deliveries = await db.delete(notificationDeliveries).where(eq(notificationDeliveries.channelId, id)).returning({ id: notificationDeliveries.id });
  if (deliveries.length > 0)
    await db.delete(notificationAttempts).where(inArray(notificationAttempts.deliveryId, deliveries.map((d) => d.id)));
  return true;
}

/**
 * Queue one delivery per enabled channel and alert event not queued yet: `open` for every alert alive since the
 * channel was enabled, `resolved` once it cleared. Idempotent (the dedupe key is unique), so every process may run
 * it any time; events are derived from the alerts table, so none is lost to a crash between opening and queueing.
 */
export async function enqueueAlertDeliveries(db: Db, clusterId?: string): Promise<number> {
  const result = await db.execute(sql`
    INSERT INTO notification_deliveries (channel_id, cluster_id, alert_id, event, dedupe_key, status, attempts, next_attempt_at)
    SELECT c.id, c.cluster_id, a.id, e.event, c.id || ':' || a.id || ':' || e.event, 'pending', 0, now()
      FROM notification_channels c
      JOIN alerts a ON a.cluster_id = c.cluster_id
     CROSS JOIN (VALUES ('open'), ('resolved')) AS e(event)
     WHERE c.enabled
       ${clusterId ? sql`AND c.cluster_id = ${clusterId}` : sql``}
       AND (a.cleared_at IS NULL OR (a.cleared_at >= c.enabled_at AND a.cleared_at > now() - interval '1 day'))
       AND (e.event = 'open' OR a.cleared_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.dedupe_key = c.id || ':' || a.id || ':' || e.event)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`);
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/** A test delivery, written before it is sent so it shows in the log whatever happens. */
export async function insertTestDelivery(db: Db, channel: ChannelRow, dedupeKey: string): Promise<DeliveryRow> {
  const [row] = await db
    .insert(notificationDeliveries)
    .values({ channelId: channel.id, clusterId: channel.clusterId, event: 'test', dedupeKey, status: 'sending', attempts: 0 })
    .returning();
  return row!;
}

/**
 * Take up to `limit` due deliveries (pending and due, or sending with an expired lease: a process died mid-send),
 * oldest first, none while an older one for the same channel and alert is still undelivered (open before resolved).
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseMs: number): Promise<DeliveryRow[]> {
  const result = await db.execute(sql`
    UPDATE notification_deliveries SET status = 'sending', lease_until = now() + ${`${leaseMs} milliseconds`}::interval
     WHERE id IN (
       SELECT d.id FROM notification_deliveries d
        WHERE ((d.status = 'pending' AND d.next_attempt_at <= now()) OR (d.status = 'sending' AND d.lease_until < now()))
          AND d.event <> 'test'
          AND NOT EXISTS (SELECT 1 FROM notification_deliveries o
                           WHERE o.channel_id = d.channel_id AND o.alert_id = d.alert_id AND o.id < d.id
                             AND o.status IN ('pending', 'sending'))
        ORDER BY d.id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  const ids = (result as unknown as { rows: Array<{ id: number | string }> }).rows.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  return db.select().from(notificationDeliveries).where(inArray(notificationDeliveries.id, ids)).orderBy(notificationDeliveries.id);
}

/** Every delivery being sent back to pending (at start, when this process is the only one on the state DB). */
export async function releaseSendingDeliveries(db: Db): Promise<void> {
  await db
    .update(notificationDeliveries)
    .set({ status: 'pending', leaseUntil: null })
    .where(and(eq(notificationDeliveries.status, 'sending'), sql`${notificationDeliveries.event} <> 'test'`));
  // A test is never retried: one cut off by the process's end is logged as failed, not "sending" for ever.
  await db
    .update(notificationDeliveries)
    .set({ status: 'failed', leaseUntil: null, lastError: 'the panel stopped while sending this test' })
    .where(and(eq(notificationDeliveries.status, 'sending'), eq(notificationDeliveries.event, 'test')));
}

export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; nextAttemptAt: Date }
  | { kind: 'failed' };

/** Log an attempt and move the delivery on: delivered, due again later, or given up. */
export async function recordAttempt(
  db: Db,
  delivery: DeliveryRow,
  attempt: { at: Date; statusCode: number | null; error: string | null; durationMs: number },
  outcome: AttemptOutcome,
): Promise<void> {
  const n = delivery.attempts + 1;
  await db.insert(notificationAttempts).values({ deliveryId: delivery.id, attempt: n, ...attempt });
  await db
    .update(notificationDeliveries)
    .set({
      attempts: n,
      lastStatusCode: attempt.statusCode,
      lastError: attempt.error,
      leaseUntil: null,
      status: outcome.kind === 'retry' ? 'pending' : outcome.kind,
      ...(outcome.kind === 'retry' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
      ...(outcome.kind === 'delivered' ? { deliveredAt: attempt.at } : {}),
    })
    .where(eq(notificationDeliveries.id, delivery.id));
}

/** The event a delivery tells about, from its alert and cluster as they are stored. */
export async function eventOf(db: Db, d: DeliveryRow): Promise<AlertEvent | null> {
  const [row] = await db
    .select({ alert: alerts, clusterName: clusters.name })
    .from(alerts)
    .innerJoin(clusters, eq(clusters.id, alerts.clusterId))
    .where(eq(alerts.id, d.alertId ?? -1));
  if (!row) return null;
  const a = row.alert;
  return {
    deliveryId: d.dedupeKey,
    event: d.event as AlertEventKind,
    cluster: { id: a.clusterId, name: row.clusterName },
    alert: {
      id: a.id,
      key: a.key,
      severity: a.severity === 'critical' ? 'critical' : 'warning',
      message: a.message,
      startedAt: a.startedAt.toISOString(),
      clearedAt: a.clearedAt?.toISOString() ?? null,
    },
  };
}

/** The alerts open now on clusters with an enabled Alertmanager channel, for the periodic re-send. */
export async function openAlertsForAlertmanager(db: Db) {
  return db
    .select({ channel: notificationChannels, alert: alerts, clusterName: clusters.name })
    .from(notificationChannels)
    .innerJoin(alerts, and(eq(alerts.clusterId, notificationChannels.clusterId), sql`${alerts.clearedAt} IS NULL`))
    .innerJoin(clusters, eq(clusters.id, notificationChannels.clusterId))
    .where(and(eq(notificationChannels.kind, 'alertmanager'), eq(notificationChannels.enabled, true)));
}

/** Where a delivery is: waiting for its next attempt, leased by a sender, or done. */
export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface DeliveryLogEntry {
  id: number;
  channelId: string;
  event: AlertEventKind;
  alertKey: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  log: Array<{ attempt: number; at: Date; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** The latest deliveries of a cluster, newest first, each with its attempts. */
export async function listDeliveries(db: Db, clusterId: string, limit = 50): Promise<DeliveryLogEntry[]> {
  const rows = await db
    .select({ d: notificationDeliveries, alertKey: alerts.key })
    .from(notificationDeliveries)
    .leftJoin(alerts, eq(alerts.id, notificationDeliveries.alertId))
    .where(eq(notificationDeliveries.clusterId, clusterId))
    .orderBy(desc(notificationDeliveries.id))
    .limit(limit);
  const ids = rows.map((r) => r.d.id);
  const attempts =
    ids.length === 0
      ? []
      : await db.select().from(notificationAttempts).where(inArray(notificationAttempts.deliveryId, ids)).orderBy(notificationAttempts.id);
  return rows.map(({ d, alertKey }) => ({
    id: d.id,
    channelId: d.channelId,
    event: d.event as AlertEventKind,
    alertKey,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
    log: attempts
      .filter((a) => a.deliveryId === d.id)
      .map((a) => ({ attempt: a.attempt, at: a.at, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
  }));
}
