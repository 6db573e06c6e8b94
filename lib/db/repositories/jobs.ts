import 'server-only';
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobLogs, jobs, jobSteps } from '../schema';
import type { Plan } from '@/lib/plan/types';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'running' | 'changed' | 'unchanged' | 'failed' | 'skipped';
export type JobKind = 'apply' | 'destroy' | 'reconcile' | 'failover' | 'switchover' | 'schema-change' | OperationalJobKind;
/** Jobs that use a cluster without changing it (backups, restores, drills): the cluster's status and topology stay. */
export type OperationalJobKind = 'backup' | 'restore' | 'drill';
export const OPERATIONAL_JOB_KINDS: readonly string[] = ['backup', 'restore', 'drill'] satisfies OperationalJobKind[];

export interface StepError {
  message: string;
  command?: string;
  exitCode?: number | null;
  stderr?: string;
  /** A failed SQL statement: its node, database and SQLSTATE (the statement is `command`). */
  node?: string;
  database?: string;
  sqlstate?: string | null;
}

export interface JobRow {
  id: string;
  clusterId: string;
  kind: JobKind;
  status: JobStatus;
  plan: Plan;
  error: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobStepRow {
  jobId: string;
  idx: number;
  stepId: string;
  node: string;
  kind: string;
  summary: string;
  status: StepStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: StepError | null;
  result: unknown;
}

/** Thrown when a cluster already has a queued or running job (or another job must be finished first). */
export class JobConflictError extends Error {
  constructor(
    readonly activeJobId: string | null,
    message = `this cluster already has a job in progress${activeJobId ? ` (${activeJobId})` : ''}: wait for it or cancel it`,
  ) {
    super(message);
    this.name = 'JobConflictError';
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return (
    e?.code === '23505' ||
    e?.cause?.code === '23505' ||
    /jobs_one_active_per_cluster/.test(String((err as Error)?.message ?? ''))
  );
}

export async function activeJobId(db: Db, clusterId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.clusterId, clusterId), inArray(jobs.status, ['queued', 'running'])));
  return row?.id ?? null;
}

/** Save the plan as a queued job; the partial unique index refuses a second active job for the cluster. */
export async function insertJob(
  db: Db,
  job: { id: string; clusterId: string; kind: JobKind; plan: Plan },
): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.insert(jobs).values({ ...job, status: 'queued' });
      if (job.plan.steps.length > 0) {
        await tx
          .insert(jobSteps)
          .values(
            job.plan.steps.map((s, idx) => ({
              jobId: job.id,
              idx,
              stepId: s.id,
              node: s.node,
              kind: s.kind,
              summary: s.summary,
              status: 'pending',
            })),
          );
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new JobConflictError(await activeJobId(db, job.clusterId));
    throw err;
  }
}

export async function getJob(db: Db, id: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return (row as JobRow | undefined) ?? null;
}

export async function listJobsOfCluster(db: Db, clusterId: string): Promise<JobRow[]> {
  return (await db
    .select()
    .from(jobs)
    .where(eq(jobs.clusterId, clusterId))
    .orderBy(desc(jobs.createdAt))) as JobRow[];
}

export async function getJobSteps(db: Db, jobId: string): Promise<JobStepRow[]> {
  return (await db
    .select()
    .from(jobSteps)
    .where(eq(jobSteps.jobId, jobId))
    .orderBy(asc(jobSteps.idx))) as JobStepRow[];
}

export async function updateStep(
  db: Db,
  jobId: string,
  idx: number,
  patch: Partial<Pick<JobStepRow, 'status' | 'startedAt' | 'finishedAt' | 'error'>>,
): Promise<void> {
  await db
    .update(jobSteps)
    .set(patch)
    .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.idx, idx)));
}

/** Save what a step found (a report), by the step's id. */
export async function setStepResult(db: Db, jobId: string, stepId: string, result: unknown): Promise<void> {
  await db
    .update(jobSteps)
    .set({ result })
    .where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.stepId, stepId)));
}

export async function finishJob(
  db: Db,
  jobId: string,
  status: JobStatus,
  error: string | null,
): Promise<void> {
  await db
    .update(jobs)
    .set({ status, error, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
    .where(eq(jobs.id, jobId));
}

/**
 * Claim the oldest runnable job: queued, or running with an expired lease (its worker died). Row locks with
 * SKIP LOCKED keep two workers from claiming the same job.
 */
export async function claimJob(db: Db, owner: string, leaseMs: number): Promise<JobRow | null> {
  const result = await db.execute(sql`
    UPDATE jobs SET status = 'running', lease_owner = ${owner},
      lease_expires_at = now() + (${leaseMs} * interval '1 millisecond'),
      started_at = coalesce(started_at, now())
    WHERE id = (
      SELECT id FROM jobs
      WHERE status = 'queued' OR (status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at < now()))
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  const id = (result as unknown as { rows: Array<{ id: string }> }).rows[0]?.id;
  return id ? getJob(db, id) : null;
}

/** Extend the lease; false when another worker took the job over. Also reports a cancel request. */
export async function renewLease(
  db: Db,
  jobId: string,
  owner: string,
  leaseMs: number,
): Promise<{ held: boolean; cancelRequested: boolean }> {
  const rows = await db
    .update(jobs)
    .set({ leaseExpiresAt: sql`now() + (${leaseMs} * interval '1 millisecond')` })
    .where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running')))
    .returning({ cancelRequested: jobs.cancelRequested });
  return { held: rows.length === 1, cancelRequested: rows[0]?.cancelRequested ?? false };
}

/** On start-up of the only process that can reach an embedded state DB, no earlier lease can still be held. */
export async function expireAllLeases(db: Db): Promise<void> {
  await db.update(jobs).set({ leaseExpiresAt: null }).where(eq(jobs.status, 'running'));
}

export async function requestCancel(db: Db, jobId: string): Promise<JobStatus | null> {
  const job = await getJob(db, jobId);
  if (!job) return null;
  if (job.status === 'queued' || job.status === 'failed') {
    await db
      .update(jobSteps)
      .set({ status: 'skipped' })
      .where(and(eq(jobSteps.jobId, jobId), inArray(jobSteps.status, ['pending', 'failed'])));
    await finishJob(db, jobId, 'cancelled', job.error ?? 'cancelled by the user');
    return 'cancelled';
  }
  if (job.status === 'running')
    await db.update(jobs).set({ cancelRequested: true }).where(eq(jobs.id, jobId));
  return job.status;
}

/** Put a failed job back in the queue; it resumes at the step that failed. */
export async function requeueFailed(db: Db, jobId: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(jobSteps)
        .set({ status: 'pending', error: null, startedAt: null, finishedAt: null })
        .where(and(eq(jobSteps.jobId, jobId), inArray(jobSteps.status, ['failed', 'skipped', 'running'])));
      await tx
        .update(jobs)
        .set({ status: 'queued', error: null, finishedAt: null, cancelRequested: false })
        .where(and(eq(jobs.id, jobId), eq(jobs.status, 'failed')));
    });
  } catch (err) {
    const job = await getJob(db, jobId);
    if (job && isUniqueViolation(err)) throw new JobConflictError(await activeJobId(db, job.clusterId));
    throw err;
  }
}

export interface LogLine {
  seq: number;
  at: Date;
  node: string | null;
  stepId: string | null;
  stream: string;
  text: string;
}

export async function appendLogs(
  db: Db,
  lines: Array<Omit<LogLine, 'seq' | 'at'> & { jobId: string; at: Date }>,
): Promise<void> {
  if (lines.length > 0) await db.insert(jobLogs).values(lines);
}

export async function readLogs(db: Db, jobId: string, after: number, limit = 1000): Promise<LogLine[]> {
  return (await db
    .select({
      seq: jobLogs.seq,
      at: jobLogs.at,
      node: jobLogs.node,
      stepId: jobLogs.stepId,
      stream: jobLogs.stream,
      text: jobLogs.text,
    })
    .from(jobLogs)
    .where(and(eq(jobLogs.jobId, jobId), gt(jobLogs.seq, after)))
    .orderBy(asc(jobLogs.seq))
    .limit(limit)) as LogLine[];
}
