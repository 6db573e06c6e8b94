import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '../client';
import { alerts, clusters } from '../schema';
import { reconcileAlerts } from './monitoring';
import {
  claimDueDeliveries,
  enqueueAlertDeliveries,
  eventOf,
  insertChannel,
  listDeliveries,
  recordAttempt,
  updateChannel,
} from './notifications';

const nodeDown = { key: 'node-down:vm3', severity: 'critical' as const, message: 'vm3 is down' };

describe('alert deliveries', () => {
  let db: Db;
  let close: () => Promise<void>;
  // One state DB for the file (PGlite takes seconds to start on a busy machine), emptied before each test.
  beforeAll(async () => ({ db, close } = await openMemoryDb()), 120_000);
  afterAll(async () => close());
  beforeEach(async () => {
    await db.execute(sql`TRUNCATE clusters, alerts, notification_channels, notification_deliveries, notification_attempts`);
    await db.insert(clusters).values({ id: 'c1', name: 'demo', topology: {}, status: 'ready' });
    await insertChannel(db, { id: 'ch1', clusterId: 'c1', kind: 'slack', name: 'ops', url: 'http://127.0.0.1:1/x', secretCiphertext: null, enabled: true });
  });

  it('queues one delivery per alert event and channel, however often it is asked', async () => {
    expect(await reconcileAlerts(db, 'c1', new Date(), [nodeDown])).toBe(1);
    expect(await enqueueAlertDeliveries(db, 'c1')).toBe(1);
    expect(await enqueueAlertDeliveries(db)).toBe(0);
    expect(await reconcileAlerts(db, 'c1', new Date(), [nodeDown])).toBe(0);
    expect(await reconcileAlerts(db, 'c1', new Date(), [])).toBe(1);
    expect(await enqueueAlertDeliveries(db)).toBe(1);
    expect(await enqueueAlertDeliveries(db)).toBe(0);
    const log = await listDeliveries(db, 'c1');
    expect(log.map((d) => [d.event, d.alertKey, d.status])).toEqual([
      ['resolved', 'node-down:vm3', 'pending'],
      ['open', 'node-down:vm3', 'pending'],
    ]);
  });

  it('sends the resolved event only after the open one was delivered, and claims nothing twice', async () => {
    await reconcileAlerts(db, 'c1', new Date(), [nodeDown]);
    await reconcileAlerts(db, 'c1', new Date(), []);
    await enqueueAlertDeliveries(db);
    const first = await claimDueDeliveries(db, 10, 30_000);
    expect(first.map((d) => d.event)).toEqual(['open']);
    expect(await claimDueDeliveries(db, 10, 30_000)).toEqual([]);
    const e = await eventOf(db, first[0]!);
    expect(e).toMatchObject({ event: 'open', cluster: { name: 'demo' }, alert: { key: 'node-down:vm3', clearedAt: expect.any(String) } });

    await recordAttempt(db, first[0]!, { at: new Date(), statusCode: 503, error: 'HTTP 503', durationMs: 3 }, { kind: 'retry', nextAttemptAt: new Date(Date.now() - 1) });
    const again = await claimDueDeliveries(db, 10, 30_000);
    expect(again.map((d) => [d.event, d.attempts])).toEqual([['open', 1]]);
    await recordAttempt(db, again[0]!, { at: new Date(), statusCode: 200, error: null, durationMs: 2 }, { kind: 'delivered' });
    expect((await claimDueDeliveries(db, 10, 30_000)).map((d) => d.event)).toEqual(['resolved']);

    const [, open] = await listDeliveries(db, 'c1');
    expect(open).toMatchObject({ event: 'open', status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(open!.log.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 503], [2, 200]]);
  });

  it('takes a delivery back from a process that died mid-send once its lease ran out', async () => {
    await reconcileAlerts(db, 'c1', new Date(), [nodeDown]);
    await enqueueAlertDeliveries(db);
    expect(await claimDueDeliveries(db, 10, 1)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await claimDueDeliveries(db, 10, 30_000)).toHaveLength(1);
  });

  it('skips alerts that cleared while the channel was off, and disabled channels', async () => {
    await updateChannel(db, 'c1', 'ch1', { enabled: false });
    await db.insert(alerts).values({ clusterId: 'c1', key: 'lag:x', severity: 'warning', message: 'm', startedAt: new Date(Date.now() - 60_000), clearedAt: new Date(Date.now() - 30_000) });
    expect(await enqueueAlertDeliveries(db)).toBe(0);
    await updateChannel(db, 'c1', 'ch1', { enabled: true });
    expect(await enqueueAlertDeliveries(db)).toBe(0);
    await reconcileAlerts(db, 'c1', new Date(), [nodeDown]);
    expect(await enqueueAlertDeliveries(db)).toBe(1);
  });
});
