import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatLag,
  formatMetric,
  formatMilliseconds,
  formatRate,
  formatSeconds,
  formatTick,
  parsePgTime,
} from './format.utils';

describe('formatBytes', () => {
  it('uses binary units with three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(3272)).toBe('3.20 KiB');
    expect(formatBytes(12.5 * 1024 ** 2)).toBe('12.5 MiB');
    expect(formatBytes(512 * 1024)).toBe('512 KiB');
    expect(formatBytes(1024 ** 3)).toBe('1.00 GiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.00 TiB');
  });
  it('says — for no value', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
  it('formats a rate per second', () => {
    expect(formatRate(1536)).toBe('1.50 KiB/s');
    expect(formatRate(null)).toBe('—');
  });
});

describe('formatSeconds and formatMilliseconds', () => {
  it('picks the unit a person would', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(0.35)).toBe('350 ms');
    expect(formatSeconds(0.0025)).toBe('2.5 ms');
    expect(formatSeconds(1.25)).toBe('1.25 s');
    expect(formatSeconds(12.34)).toBe('12.3 s');
    expect(formatSeconds(125)).toBe('2 min 05 s');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
    expect(formatSeconds(null)).toBe('—');
  });
  it('keeps sub-millisecond heartbeat latencies readable', () => {
    expect(formatMilliseconds(0)).toBe('0 ms');
    expect(formatMilliseconds(0.4)).toBe('0.4 ms');
    expect(formatMilliseconds(2.5)).toBe('2.5 ms');
    expect(formatMilliseconds(350.4)).toBe('350 ms');
    expect(formatMilliseconds(1500)).toBe('1.50 s');
  });
});

describe('formatMetric, formatTick and formatLag', () => {
  it('format by the series unit', () => {
    expect(formatMetric('B', 2048)).toBe('2.00 KiB');
    expect(formatMetric('B/s', 2048)).toBe('2.00 KiB/s');
    expect(formatMetric('s', 2)).toBe('2.00 s');
    expect(formatMetric('ms', 2)).toBe('2.0 ms');
    expect(formatMetric('', 7)).toBe('7');
  });
  it('drops trailing zeros on axis ticks', () => {
    expect(formatTick('B/s', 8 * 1024 ** 2)).toBe('8 MiB/s');
    expect(formatTick('s', 1.5)).toBe('1.5 s');
    expect(formatTick('B', 256)).toBe('256 B');
    expect(formatTick('ms', 20)).toBe('20 ms');
  });
  it('labels a link with time and bytes', () => {
    expect(formatLag(0, 0)).toBe('0 s · 0 B');
    expect(formatLag(1.5, 3272)).toBe('1.50 s · 3.20 KiB');
    expect(formatLag(null, 10)).toBe('— · 10 B');
    expect(formatLag(null, null)).toBe('lag unknown');
  });
});

describe('parsePgTime', () => {
  it('reads JSON and text renderings of timestamptz', () => {
    const t = Date.UTC(2026, 10, 24, 16, 50, 47, 577);
    expect(parsePgTime('2026-11-24T16:50:47.577365+00:00')).toBe(t);
    expect(parsePgTime('2026-11-24 16:50:47.577+00')).toBe(t);
    expect(parsePgTime('2026-11-24 18:50:47.577+02')).toBe(t);
    expect(parsePgTime('not a time')).toBeNaN();
  });
});
