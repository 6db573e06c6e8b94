import { describe, expect, it } from 'vitest';
import { fourNode } from '@/lib/plan/test-topologies';
import { heartbeatPaths, ARRIVAL_FRESH_MS, type NodeResult } from './snapshot';
import { arrivalLatency, arrivalWatchSql, parseArrivalNotice, standbyPaths, type StandbyArrival } from './arrival';
import type { HeartbeatRow, NodeSample } from './node-sample';

const SEQ = '1767225600000';
const at = new Date(Number(SEQ) + 1000);

const node = (skewMs: number, heartbeats: HeartbeatRow[], in_recovery = false): NodeResult => ({
  ok: true,
  skewMs,
  sample: { in_recovery, heartbeats } as unknown as NodeSample,
});
const own = (origin: string, sent_at: string, seq = SEQ): HeartbeatRow => ({ origin, seq, sent_at, arrived_at: null });
const got = (origin: string, sent_at: string, arrived_at: string, seq = SEQ): HeartbeatRow => ({ origin, seq, sent_at, arrived_at });

const arrival = (over: Partial<StandbyArrival>): StandbyArrival => ({
  standby: 'vm4',
  origin: 'vm1',
  seq: SEQ,
  sentAtMs: Date.parse('2026-01-01 00:00:00.010Z'),
  originSkewMs: 0,
  arrivedAtMs: Date.parse('2026-01-01 00:00:00.018Z'),
  standbySkewMs: 0,
  outcome: 'arrived',
  ...over,
});

describe('standby paths', () => {
  it('follows each standby to its chain root and the root’s publishers', () => {
    expect(standbyPaths(fourNode()).map((p) => p.path.join('->'))).toEqual(['vm3->vm4', 'vm1->vm3->vm4', 'vm2->vm3->vm4']);
  });
});

describe('the arrival watch', () => {
  it('polls for this tick’s row of every origin, quoted, and rejects a seq that is not a number', () => {
    const sql = arrivalWatchSql(['vm1', "o'x"], SEQ, 900);
    expect(sql).toContain(`ARRAY['vm1', 'o''x']::text[]`);
    expect(sql).toContain(`seq >= ${SEQ}`);
    expect(sql).toContain(`interval '900 milliseconds'`);
    expect(() => arrivalWatchSql(['vm1'], '1; DROP TABLE x', 900)).toThrow();
  });

  it('reads its notices and ignores others', () => {
    expect(parseArrivalNotice('pgcascade-arrived vm1 1767225600012.250')).toEqual({ kind: 'arrived', origin: 'vm1', atMs: 1767225600012.25 });
    expect(parseArrivalNotice('pgcascade-late vm2')).toEqual({ kind: 'late', origin: 'vm2' });
    expect(parseArrivalNotice('pgcascade-early vm2')).toEqual({ kind: 'early', origin: 'vm2' });
    expect(parseArrivalNotice('pgcascade-watching')).toBeNull();
    expect(parseArrivalNotice('relation "x" already exists, skipping')).toBeNull();
  });
});

describe('arrival latency', () => {
  it('is the standby’s visibility time minus the origin’s send time, each on the panel’s clock', () => {
    expect(arrivalLatency(arrival({}))).toEqual({ latencyMs: 8 });
    // The standby's clock runs 50 ms ahead and the origin's 20 ms behind: 8 ms all the same.
    expect(arrivalLatency(arrival({ arrivedAtMs: arrival({}).arrivedAtMs! + 50, standbySkewMs: 50, sentAtMs: arrival({}).sentAtMs! - 20, originSkewMs: -20 }))).toEqual({ latencyMs: 8 });
  });

  it('is null with the reason when it was not measured', () => {
    expect(arrivalLatency(arrival({ outcome: 'late', arrivedAtMs: null, waitedMs: 900 }))).toEqual({ latencyMs: null, reason: "vm1's heartbeat had not reached vm4 after 900 ms" });
    expect(arrivalLatency(arrival({ outcome: 'early', arrivedAtMs: null })).latencyMs).toBeNull();
    expect(arrivalLatency(arrival({ sentAtMs: null })).reason).toBe("vm1's heartbeat write was not confirmed");
    expect(arrivalLatency(arrival({ standbySkewMs: null })).reason).toBe("vm4's clock offset is unknown");
  });
});

describe('heartbeat paths', () => {
  const results = (): Record<string, NodeResult> => ({
    vm1: node(0, [own('vm1', '2026-01-01 00:00:00.010+00'), got('vm2', '2026-01-01 00:00:00.000+00', '2026-01-01 00:00:00.004+00')]),
    vm2: node(0, [own('vm2', '2026-01-01 00:00:00.000+00'), got('vm1', '2026-01-01 00:00:00.010+00', '2026-01-01 00:00:00.013+00')]),
    // vm3's clock runs 100 ms ahead of the panel's.
    vm3: node(100, [own('vm3', '2026-01-01 00:00:00.100+00'), got('vm1', '2026-01-01 00:00:00.010+00', '2026-01-01 00:00:00.115+00'), got('vm2', '2026-01-01 00:00:00.000+00', '2026-01-01 00:00:00.106+00')]),
    vm4: node(0, [], true),
  });
  const byPath = (paths: ReturnType<typeof heartbeatPaths>) => Object.fromEntries(paths.map((p) => [p.path.join('->'), p]));

  it('measures logical hops from the arrival stamp and standby hops from the watch, corrected for skew', () => {
    const paths = byPath(heartbeatPaths(fourNode(), results(), [arrival({}), arrival({ origin: 'vm2', sentAtMs: Date.parse('2026-01-01 00:00:00.000Z'), arrivedAtMs: Date.parse('2026-01-01 00:00:00.009Z') })], at));
    expect(paths['vm1->vm2']).toEqual({ path: ['vm1', 'vm2'], latencyMs: 3 });
    expect(paths['vm2->vm1']?.latencyMs).toBe(4);
    expect(paths['vm1->vm3']?.latencyMs).toBe(5);
    expect(paths['vm2->vm3']?.latencyMs).toBe(6);
    expect(paths['vm1->vm3->vm4']?.latencyMs).toBe(8);
    expect(paths['vm2->vm3->vm4']?.latencyMs).toBe(9);
  });

  it('does not add the standby’s replay lag to the logical hop: a slow flush on vm3 shows in full', () => {
    const slow = arrival({ arrivedAtMs: Date.parse('2026-01-01 00:00:00.210Z') });
    expect(byPath(heartbeatPaths(fourNode(), results(), [slow], at))['vm1->vm3->vm4']?.latencyMs).toBe(200);
  });

  it('says why a path has no figure instead of guessing one', () => {
    const r = results();
    r.vm3 = node(100, [got('vm1', '2026-01-01 00:00:00.010+00', '2026-01-01 00:00:00.115+00', '1767225599000')]);
    r.vm2 = { ok: false, error: 'connection refused' };
    const paths = byPath(heartbeatPaths(fourNode(), r, [arrival({ seq: String(at.getTime() - ARRIVAL_FRESH_MS - 1) })], at));
    expect(paths['vm1->vm3']).toEqual({ path: ['vm1', 'vm3'], latencyMs: null, reason: "vm3 has not received vm1's last heartbeat" });
    expect(paths['vm1->vm2']?.reason).toBe('vm2 is down');
    expect(paths['vm2->vm1']?.reason).toBe('vm2 is down');
    expect(paths['vm1->vm3->vm4']?.reason).toBe('no heartbeat of vm1 was watched on vm4 in the last 5 s');
    expect(paths['vm2->vm3->vm4']?.latencyMs).toBeNull();
  });

  it('shows the newest watched heartbeat', () => {
    const older = arrival({ seq: String(Number(SEQ) - 1000), arrivedAtMs: Date.parse('2026-01-01 00:00:00.500Z') });
    expect(byPath(heartbeatPaths(fourNode(), results(), [older, arrival({})], at))['vm1->vm3->vm4']?.latencyMs).toBe(8);
  });
});

describe('timestamps', () => {
  it('keep their microseconds, whatever the zone', async () => {
    const { timestampMs } = await import('./snapshot');
    expect(timestampMs('2026-01-01 00:00:00.123456+00')).toBeCloseTo(Date.parse('2026-01-01T00:00:00Z') + 123.456, 6);
    expect(timestampMs('2026-01-01 02:00:00.5+02')).toBe(Date.parse('2026-01-01T00:00:00.500Z'));
    expect(timestampMs('2026-01-01 00:00:01+00')).toBe(Date.parse('2026-01-01T00:00:01Z'));
  });
});
