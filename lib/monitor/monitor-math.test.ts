import { describe, expect, it } from 'vitest';
import { lsnBytes, parseLsn } from './lsn';
import { replayLagSeconds, subscriptionLagSeconds } from './lag';
import { rollUp } from './rollup';

describe('LSN arithmetic', () => {
  it('parses both halves, past 4 GiB', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('1/0')).toBe(4294967296n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn(null)).toBeNull();
    expect(() => parseLsn('nope')).toThrow();
  });
  it('counts bytes behind, never negative', () => {
    expect(lsnBytes('1/10', '0/FFFFFFF0')).toBe(32);
    expect(lsnBytes('0/10', '0/20')).toBe(0);
    expect(lsnBytes(null, '0/20')).toBeNull();
  });
});

describe('lag', () => {
  it('treats NULL replay_lag on an idle, caught-up standby as zero, not unknown', () => {
    expect(replayLagSeconds('streaming', null, 0)).toBe(0);
    expect(replayLagSeconds('streaming', 0.25, 0)).toBe(0);
    expect(replayLagSeconds('streaming', 1.5, 8192)).toBe(1.5);
    expect(replayLagSeconds('catchup', 1.5, 8192)).toBeNull();
    expect(replayLagSeconds(null, null, null)).toBeNull();
    expect(replayLagSeconds('streaming', null, 4096)).toBeNull();
  });
  it('gives a subscription zero lag when nothing is pending', () => {
    expect(subscriptionLagSeconds(0, 42)).toBe(0);
    expect(subscriptionLagSeconds(100, 2)).toBe(2);
    expect(subscriptionLagSeconds(null, 2)).toBeNull();
  });
});

describe('roll-ups', () => {
  it('makes min/avg/max per series and minute', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const r = rollUp([
      { series: 'a', at: at(1), value: 1 },
      { series: 'a', at: at(30), value: 3 },
      { series: 'a', at: at(61), value: 10 },
      { series: 'b', at: at(5), value: 7 },
    ]);
    expect(r).toEqual([
      { series: 'a', minute: at(0), min: 1, avg: 2, max: 3, count: 2 },
      { series: 'a', minute: at(60), min: 10, avg: 10, max: 10, count: 1 },
      { series: 'b', minute: at(0), min: 7, avg: 7, max: 7, count: 1 },
    ]);
  });
});
