import 'server-only';
import type { Db } from '@/lib/db/client';
import { finishJob, getJob, getJobSteps, renewLease, updateStep, type JobRow, type JobStepRow, type StepStatus } from '@/lib/db/repositories/jobs';
import type { Step, StepKind } from '@/lib/plan/types';
import { needsOf } from '@/lib/plan/graph';
import { CancelledError, type StepHandler } from './step-context';
import type { JobSession } from './job-session';
import { LogSink } from './log-sink';
import { toStepError } from './step-error';
import { PreflightPhase, stepFailure } from './preflight-phase';

export interface OpenedSession {
  session: Pick<JobSession, 'forStep' | 'close'>;
  mask: (text: string) => string;
}

export interface SessionRequest {
  job: JobRow;
  logs: LogSink;
  statuses: Map<string, StepStatus>;
  /** What earlier steps reported (kept across a Retry). */
  results: Map<string, unknown>;
  isCancelRequested: () => boolean;
}

export interface RunJobDeps {
  db: Db;
  owner: string;
  leaseMs: number;
  handlers: Record<StepKind, StepHandler>;
  openSession(request: SessionRequest): Promise<OpenedSession>;
  /** Called when the job ends, to move the cluster to its next status. */
  onFinished(job: JobRow, status: 'succeeded' | 'failed' | 'cancelled'): Promise<void>;
  onStarted(job: JobRow): Promise<void>;
}

const DONE: StepStatus[] = ['changed', 'unchanged', 'skipped'];
/** Steps of one job that run at once unless the plan says otherwise. */
export const DEFAULT_CONCURRENCY = 4;

/** Run a claimed job from its first unfinished step to the end, recording every event. Pre-flight problems are collected. */
export async function runJob(deps: RunJobDeps, job: JobRow): Promise<void> {
  const { db } = deps;
  const rows = await getJobSteps(db, job.id);
  const statuses = new Map(rows.map((r) => [r.stepId, r.status]));
  const results = new Map(rows.filter((r) => r.result != null).map((r) => [r.stepId, r.result]));
  const logs = new LogSink(db, job.id);
  let cancelRequested = job.cancelRequested;
  let leaseLost = false;
  const heartbeat = setInterval(() => {
    renewLease(db, job.id, deps.owner, deps.leaseMs)
      .then((r) => {
        leaseLost ||= !r.held;
        cancelRequested ||= r.cancelRequested;
      })
      .catch(() => undefined);
  }, Math.max(200, deps.leaseMs / 3));

  let opened: OpenedSession | null = null;
  let mask = (t: string) => t;
  const skipRest = async (from: number) => {
    for (const r of rows.slice(from)) if (!DONE.includes(r.status)) await updateStep(db, job.id, r.idx, { status: 'skipped' });
  };
  const finish = async (status: 'succeeded' | 'failed' | 'cancelled', error: string | null) => {
    await logs.flush();
    await finishJob(db, job.id, status, error);
    await deps.onFinished(job, status);
  };

  try {
    await deps.onStarted(job);
    try {
      opened = await deps.openSession({ job, logs, statuses, results, isCancelRequested: () => cancelRequested || leaseLost });
      mask = opened.mask;
    } catch (err) {
      await finish('failed', `could not start the job: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const steps = job.plan.steps;
    const preflight = new PreflightPhase(steps);
    const needs = needsOf(job.plan);
    const index = new Map(steps.map((s, i) => [s.id, i]));
    const statusOf = (id: string) => rows[index.get(id) ?? -1]?.status ?? 'pending';
    const isDone = (id: string) => DONE.includes(statusOf(id));
    // Within pre-flight a failed check does not hold the others back: every problem is collected.
    const notRun = new Set<string>();
    const isFinished = (id: string) => isDone(id) || statusOf(id) === 'failed' || notRun.has(id);
    const limit = Math.max(1, job.plan.concurrency ?? DEFAULT_CONCURRENCY);
    const running = new Map<number, Promise<void>>();
    let failure: string | null = null;
    let cancelled = false;

    /** One step, start to end; a failure is recorded, and stops the job unless it is a pre-flight finding. */
    const runStep = async (idx: number, step: Step): Promise<void> => {
      const row = rows[idx] as JobStepRow;
      const started = new Date();
      await updateStep(db, job.id, idx, { status: 'running', startedAt: started, finishedAt: null, error: null });
      statuses.set(step.id, 'running');
      row.status = 'running';
      logs.write(step.node, step.id, 'info', `▶ ${step.summary}`);
      try {
        const result = await deps.handlers[step.kind]((opened as OpenedSession).session.forStep(step), step);
        if (leaseLost) return; // another worker owns the job now; it will redo this step
        await updateStep(db, job.id, idx, { status: result, finishedAt: new Date() });
        statuses.set(step.id, result);
        row.status = result;
        logs.write(step.node, step.id, 'info', `${result === 'changed' ? '✓ changed' : '= unchanged'} (${Date.now() - started.getTime()} ms)`);
      } catch (err) {
        if (leaseLost) return;
        if (err instanceof CancelledError) {
          await updateStep(db, job.id, idx, { status: 'skipped', finishedAt: new Date(), error: { message: 'cancelled by the user' } });
          row.status = 'skipped';
          cancelled = true;
          return;
        }
        const error = toStepError(err, mask);
        await updateStep(db, job.id, idx, { status: 'failed', finishedAt: new Date(), error });
        statuses.set(step.id, 'failed');
        row.status = 'failed';
        logs.write(step.node, step.id, 'stderr', `✗ ${error.message}`);
        if (!preflight.record(idx, step, err, error.message)) failure ??= stepFailure(step, error.message);
      }
    };

    // Steps whose needs are met run at once, up to the limit, in plan order; pre-flight runs whole before any change.
    for (;;) {
      cancelRequested ||= (await getJob(db, job.id))?.cancelRequested ?? false;
      if (leaseLost) return;
      const stopping = failure !== null || cancelled || cancelRequested;
      if (!stopping) {
        for (const [idx, step] of steps.entries()) {
          if (running.size >= limit) break;
          const row = rows[idx];
          // A step left `running` by a worker that died is run again (every step is idempotent).
          if (!row || running.has(idx) || notRun.has(step.id) || DONE.includes(row.status) || row.status === 'failed') continue;
          if (idx >= preflight.end && (running.size > 0 && [...running.keys()].some((i) => i < preflight.end))) break;
          if (idx >= preflight.end && preflight.failureBefore(idx)) break;
          if (!(needs.get(step.id) ?? []).every(idx < preflight.end ? isFinished : isDone)) continue;
          const why = preflight.notRunReason(idx, step);
          if (why) {
            logs.write(step.node, step.id, 'info', why);
            notRun.add(step.id);
            continue;
          }
          const p = runStep(idx, step).finally(() => running.delete(idx));
          running.set(idx, p);
        }
      }
      if (running.size === 0) break;
      await Promise.race([...running.values()]);
    }
    if (leaseLost) return;
    if (cancelled || (cancelRequested && failure === null)) {
      logs.write(null, null, 'info', 'cancelled by the user');
      await skipRest(0);
      await finish('cancelled', 'cancelled by the user');
      return;
    }
    if (failure) {
      await finish('failed', failure);
      return;
    }
    const blocked = preflight.failureBefore(steps.length);
    const stuck = rows.filter((r) => !DONE.includes(r.status));
    if (!blocked && stuck.length > 0) {
      await finish('failed', `internal error: ${stuck.length} step(s) could not run (${stuck.map((r) => r.stepId).join(', ')}): their needs never finished`);
      return;
    }
    await finish(blocked ? 'failed' : 'succeeded', blocked);
  } catch (err) {
    console.error(mask(`pgcascade: job ${job.id} stopped on an internal error: ${String(err)}`));
    await finish('failed', mask(`internal error: ${err instanceof Error ? err.message : String(err)}`)).catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
    await logs.flush();
    await opened?.session.close().catch(() => undefined);
  }
}
