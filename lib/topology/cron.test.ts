import { describe, expect, it } from 'vitest';
import { cronProblem, nextFire, parseCron } from './cron';

const at = (iso: string) => new Date(iso);
const next = (expr: string, iso: string) => nextFire(expr, at(iso))?.toISOString() ?? null;

describe('parseCron', () => {
  it('reads the issue example schedules', () => {
    expect([...parseCron('0 2 * * 0').weekdays]).toEqual([0]);
    expect([...parseCron('0 2 * * 1-6').weekdays]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseCron('0 * * * *').hours.size).toBe(24);
  });
  it('reads lists, steps, ranges with steps, names and 7 for Sunday', () => {
    expect([...parseCron('*/15 * * * *').minutes]).toEqual([0, 15, 30, 45]);
    expect([...parseCron('1,5-9/2 * * * *').minutes]).toEqual([1, 5, 7, 9]);
    expect([...parseCron('0 0 * jan,DEC *').months]).toEqual([1, 12]);
    expect([...parseCron('0 0 * * mon-fri').weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
    expect([...parseCron('5/20 * * * *').minutes]).toEqual([5, 25, 45]);
  });
  it.each([
    ['', 'has 5 fields'],
    ['* * * *', 'this one has 4'],
    ['60 * * * *', 'minute: 60 is outside 0–59'],
    ['* 24 * * *', 'hour: 24 is outside 0–23'],
    ['* * 0 * *', 'day of month: 0 is outside 1–31'],
    ['* * * 13 *', 'month: 13 is outside 1–12'],
    ['* * * * 8', 'day of week: 8 is outside 0–7'],
    ['*/0 * * * *', 'step "0" must be'],
    ['5-1 * * * *', 'runs backwards'],
    ['x * * * *', 'minute: "x" is not a number'],
    ['* * * foo *', 'month: "foo" is not a number or a name'],
    ['1/2/3 * * * *', 'more than one /'],
  ])('rejects %j', (expr, message) => {
    expect(cronProblem(expr)).toContain(message);
  });
  it('accepts a valid expression', () => expect(cronProblem('0 4 * * 0')).toBeNull());
});

describe('nextFire', () => {
  it('is strictly after the given time, on a whole minute', () => {
    expect(next('* * * * *', '2026-01-01T10:00:00.000Z')).toBe('2026-01-01T10:01:00.000Z');
    expect(next('* * * * *', '2026-01-01T10:00:59.999Z')).toBe('2026-01-01T10:01:00.000Z');
  });
  it('finds the hourly, daily and weekly slots', () => {
    expect(next('0 * * * *', '2026-01-01T10:00:00Z')).toBe('2026-01-01T11:00:00.000Z');
    expect(next('0 2 * * *', '2026-01-01T03:00:00Z')).toBe('2026-01-02T02:00:00.000Z');
    // 2026-01-01 is a Thursday: the next Sunday is the 4th.
    expect(next('0 2 * * 0', '2026-01-01T03:00:00Z')).toBe('2026-01-04T02:00:00.000Z');
    expect(next('0 2 * * 1-6', '2026-01-03T02:00:00Z')).toBe('2026-01-05T02:00:00.000Z');
  });
  it('rolls over months and years, and finds 29 February', () => {
    expect(next('30 23 31 * *', '2026-04-01T00:00:00Z')).toBe('2026-05-31T23:30:00.000Z');
    expect(next('0 0 1 1 *', '2026-06-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });
  it('matches either day field when both are restricted', () => {
    // The 15th, or any Monday: 2026-01-05 is a Monday and comes first.
    expect(next('0 0 15 * 1', '2026-01-01T00:00:00Z')).toBe('2026-01-05T00:00:00.000Z');
  });
  it('returns null for an expression that never fires', () => {
    expect(nextFire('0 0 31 2 *', at('2026-01-01T00:00:00Z'))).toBeNull();
  });
});
