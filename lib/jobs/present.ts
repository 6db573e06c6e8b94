import 'server-only';
import type { JobRow, JobStepRow } from '@/lib/db/repositories/jobs';
import { maskedPlan } from '@/lib/plan';

/** A job as the API returns it: status, and every step with its masked commands (`clusterName` null once its cluster row is gone). */
export function presentJob(job: JobRow, steps: JobStepRow[], clusterName: string | null) {
  const plan = maskedPlan(job.plan);
  return {
    id: job.id,
    clusterId: job.clusterId,
    clusterName,
    kind: job.kind,
    status: job.status,
    error: job.error,
    cancelRequested: job.cancelRequested,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    /** The topology the job leads to (failover, switchover), saved when it succeeds. */
    nextTopology: job.plan.topology ?? null,
    steps: steps.map((s) => ({
      id: s.stepId,
      node: s.node,
      kind: s.kind,
      summary: s.summary,
      status: s.status,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      error: s.error,
      result: (s.result ?? null) as unknown,
      commands: plan.steps[s.idx]?.commands ?? [],
    })),
  };
}
