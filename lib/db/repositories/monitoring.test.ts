import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '../client';
import {
  readSeries,
  reconcileAlerts,
  recentAlerts,
  rollUpAndPrune,
  rollUpTenSeconds,
  saveTick,
} from './monitoring';

const empty = { at: '', nodes: [], edges: [], subscriptions: [], slots: [], paths: [] };

describe('stored series', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => ({ db, close } = await openMemoryDb()));
  afterEach(async () => close());

  it('reads raw points for a recent window, filtered by series, and buckets long windows', async () => {
    const now = Date.now();
    for (let i = 0; i < 120; i++)
      await saveTick(db, 'c', new Date(now - i * 1000), empty, [
        { series: 'a_bytes:x', value: i },
        { series: 'b_ms:y', value: 1 },
      ]);
    const both = await readSeries(db, 'c', new Date(now - 60_000), new Date(now + 1000));
    expect(both.map((s) => s.series)).toEqual(['a_bytes:x', 'b_ms:y']);
    expect(both[0]?.resolution).toBe('raw');
    expect(both[0]?.points.length).toBe(61);
    const one = await readSeries(db, 'c', new Date(now - 60_000), new Date(now + 1000), ['a_bytes:x']);
    expect(one.map((s) => s.series)).toEqual(['a_bytes:x']);
    const coarse = await readSeries(
      db,
      'c',
      new Date(now - 120_000),
      new Date(now + 1000),
      ['a_bytes:x'],
      13,
    );
    expect(coarse[0]?.resolution).toBe('10s');
    expect(coarse[0]?.points.length).toBeLessThanOrEqual(14);
    const [, avg, min, max] = coarse[0]!.points[0]!;
    expect(min!).toBeLessThanOrEqual(avg);
    expect(max!).toBeGreaterThanOrEqual(avg);
  });

  it('answers 10 s buckets from the 10-second roll-ups plus the raw tail exactly as from the raw samples', async () => {
    const now = Math.floor(Date.now() / 10_000) * 10_000 + 4_500;
    for (let i = 0; i < 300; i++)
      await saveTick(db, 'c', new Date(now - i * 1000), empty, [
        { series: 'a_bytes:x', value: (i * 7) % 13 },
      ]);
    const from = new Date(now - 4_500 - 290_000);
    const to = new Date(from.getTime() + 300_000);
    const fromRaw = await readSeries(db, 'c', from, to, undefined, 30);
    expect(fromRaw[0]?.resolution).toBe('10s');
    await rollUpTenSeconds(db, new Date(now), 400_000);
    const fromBuckets = await readSeries(db, 'c', from, to, undefined, 30);
    expect(fromBuckets).toEqual(fromRaw);
  });

  it('rolls minutes up and prunes raw points older than an hour', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 2 * 60 * 60_000);
    await saveTick(db, 'c', old, empty, [{ series: 'a_bytes:x', value: 5 }]);
    await saveTick(db, 'c', new Date(now.getTime() - 90_000), empty, [{ series: 'a_bytes:x', value: 7 }]);
    await rollUpAndPrune(db, now);
    expect(
      (await readSeries(db, 'c', new Date(old.getTime() - 1000), new Date(old.getTime() + 1000))).length,
    ).toBe(0);
    const rolled = await readSeries(db, 'c', new Date(now.getTime() - 3 * 60 * 60_000), now);
    expect(rolled[0]?.resolution).toBe('1m');
    expect(rolled[0]?.points.map((p) => p[1])).toEqual([7]);
  });

  it('opens an alert once and clears it when it stops firing', async () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const down = { key: 'node-down:vm3', severity: 'critical' as const, message: 'vm3 is down' };
    await reconcileAlerts(db, 'c', t(1), [down]);
    await reconcileAlerts(db, 'c', t(2), [down]);
    expect((await recentAlerts(db, 'c')).map((a) => [a.key, a.clearedAt])).toEqual([['node-down:vm3', null]]);
    await reconcileAlerts(db, 'c', t(3), []);
    expect(
      (await recentAlerts(db, 'c')).map((a) => [a.key, a.startedAt.getTime(), a.clearedAt?.getTime()]),
    ).toEqual([['node-down:vm3', t(1).getTime(), t(3).getTime()]]);
  });
});
