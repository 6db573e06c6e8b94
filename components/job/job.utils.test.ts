import { describe, expect, it } from 'vitest';
import { failedStep, formatDuration, isJobEnded, jobProgress, stepDurationMs } from './job.utils';

describe('stepDurationMs', () => {
  it('measures finished steps, running ones until now, and nothing for pending ones', () => {
    expect(
      stepDurationMs(
        { status: 'changed', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.250Z' },
        0,
      ),
    ).toBe(1250);
    expect(
      stepDurationMs(
        { status: 'running', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null },
        Date.parse('2026-01-01T00:00:02.000Z'),
      ),
    ).toBe(2000);
    expect(stepDurationMs({ status: 'pending', startedAt: null, finishedAt: null }, 0)).toBeNull();
  });
  it('never goes negative when the clocks disagree', () => {
    expect(
      stepDurationMs(
        { status: 'running', startedAt: '2026-01-01T00:00:05.000Z', finishedAt: null },
        Date.parse('2026-01-01T00:00:00.000Z'),
      ),
    ).toBe(0);
  });
});

describe('formatDuration', () => {
  it('picks a readable unit', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(4210)).toBe('4.2 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});

describe('jobProgress', () => {
  it('counts finished steps, failed included', () => {
    expect(
      jobProgress([
        { status: 'changed' },
        { status: 'unchanged' },
        { status: 'failed' },
        { status: 'pending' },
      ]),
    ).toEqual({ finished: 3, total: 4, changed: 1, unchanged: 1 });
  });
});

describe('failedStep / isJobEnded', () => {
  it('finds the step the job stopped at', () => {
    expect(
      failedStep([
        { status: 'changed' as const, id: 'a' },
        { status: 'failed' as const, id: 'b' },
      ])?.id,
    ).toBe('b');
    expect(isJobEnded('running')).toBe(false);
    expect(isJobEnded('cancelled')).toBe(true);
  });
});
