import type { JobStatus, JobStep, StepStatus } from '@/lib/queries/types';

export const FINISHED_STEP: ReadonlySet<StepStatus> = new Set(['changed', 'unchanged', 'skipped', 'failed']);

export function isJobEnded(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** How long a step took, or has been running until `now`; null when it has not started. */
export function stepDurationMs(
  step: Pick<JobStep, 'startedAt' | 'finishedAt' | 'status'>,
  now: number,
): number | null {
  if (!step.startedAt) return null;
  const start = Date.parse(step.startedAt);
  const end = step.finishedAt ? Date.parse(step.finishedAt) : step.status === 'running' ? now : null;
  if (end === null || Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, end - start);
}

/** 850 ms, 4.2 s, 2 min 05 s. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

export interface JobProgress {
  finished: number;
  total: number;
  changed: number;
  unchanged: number;
}

export function jobProgress(steps: Array<Pick<JobStep, 'status'>>): JobProgress {
  return {
    finished: steps.filter((s) => FINISHED_STEP.has(s.status)).length,
    total: steps.length,
    changed: steps.filter((s) => s.status === 'changed').length,
    unchanged: steps.filter((s) => s.status === 'unchanged').length,
  };
}

/** The step the job stopped at, if any. */
export function failedStep<T extends Pick<JobStep, 'status'>>(steps: T[]): T | undefined {
  return steps.find((s) => s.status === 'failed');
}

/** The wall-clock part of an ISO time, with milliseconds (log lines). */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
