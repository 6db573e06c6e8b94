import 'server-only';
import type { Db } from '@/lib/db/client';
import { finishJob, getJob, getJobSteps, renewLease, updateStep, type JobRow, type StepStatus } from '@/lib/db/repositories/jobs';
import type { StepKind } from '@/lib/plan/types';
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
    const preflight = new PreflightPhase(job.plan.steps);
    for (const [idx, step] of job.plan.steps.entries()) {
      const blocked = preflight.failureBefore(idx);
      if (blocked) {
        await finish('failed', blocked);
        return;
      }
      const row = rows[idx];
      if (!row || DONE.includes(row.status)) continue;
      cancelRequested ||= (await getJob(db, job.id))?.cancelRequested ?? false;
      if (cancelRequested) {
        logs.write(null, null, 'info', 'cancelled by the user');
        await skipRest(idx);
        await finish('cancelled', 'cancelled by the user');
        return;
      }
      const notRun = preflight.notRunReason(idx, step);
      if (notRun) {
        logs.write(step.node, step.id, 'info', notRun);
        continue;
      }
      const started = new Date();
      await updateStep(db, job.id, idx, { status: 'running', startedAt: started, finishedAt: null, error: null });
      statuses.set(step.id, 'running');
      logs.write(step.node, step.id, 'info', `▶ ${step.summary}`);
      try {
        const result = await deps.handlers[step.kind](opened.session.forStep(step), step);
        if (leaseLost) return; // another worker owns the job now; it will redo this step
        await updateStep(db, job.id, idx, { status: result, finishedAt: new Date() });
        statuses.set(step.id, result);
        row.status = result;
        logs.write(step.node, step.id, 'info', `${result === 'changed' ? '✓ changed' : '= unchanged'} (${Date.now() - started.getTime()} ms)`);
      } catch (err) {
        if (leaseLost) return;
        if (err instanceof CancelledError) {
          await updateStep(db, job.id, idx, { status: 'skipped', finishedAt: new Date(), error: { message: 'cancelled by the user' } });
          await skipRest(idx + 1);
          await finish('cancelled', 'cancelled by the user');
          return;
        }
        const error = toStepError(err, mask);
        await updateStep(db, job.id, idx, { status: 'failed', finishedAt: new Date(), error });
        statuses.set(step.id, 'failed');
        logs.write(step.node, step.id, 'stderr', `✗ ${error.message}`);
        if (preflight.record(idx, step, err, error.message)) continue;
        await finish('failed', stepFailure(step, error.message));
        return;
      }
    }
    const blocked = preflight.failureBefore(job.plan.steps.length);
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
