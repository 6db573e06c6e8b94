'use client';
import Link from 'next/link';
import { useEffect } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { jobKindLabel, jobSuccessText } from '@/components/operations/job-kind.utils';
import { LossReportCard } from '@/components/operations/loss-report-card';
import { isTakeoverJob } from '@/components/operations/loss-report.utils';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { Progress } from '@/components/ui/progress';
import { PageSkeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { ApiError, errorMessage } from '@/lib/queries/fetch-json';
import { useJobCancelMutation } from '@/lib/queries/job-cancel-mutation';
import { useJobLogQuery } from '@/lib/queries/job-log-query';
import { useJobQuery } from '@/lib/queries/job-query';
import { useJobRetryMutation } from '@/lib/queries/job-retry-mutation';
import { isJobActive } from '@/lib/queries/polling';
import type { Job } from '@/lib/queries/types';
import { CopyProgressCard } from './copy-progress-card';
import { FailedStepPanel } from './failed-step-panel';
import { JobLog } from './job-log';
import { JobSteps } from './job-steps';
import { JobLanes } from './job-lanes';
import { failedStep, formatDuration, jobProgress } from './job.utils';
import { cancelJobAction, retryJobAction } from '@/app/(panel)/jobs/[id]/actions';

/** Whether a subscription of this job has been made: before that there is no initial copy to watch. */
function hasCopies(steps: Job['steps']): boolean {
  return steps.some((s) => s.kind === 'create-subscription' && (s.status === 'changed' || s.status === 'running' || s.status === 'unchanged'));
}

function elapsed(job: Job, now: number): number | null {
  if (!job.startedAt) return null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return Math.max(0, end - Date.parse(job.startedAt));
}

/** The job page: progress, the failed step with Retry/Cancel, the loss check of a takeover, steps by node and the log. */
export function JobView({ id }: { id: string }) {
  const jobQuery = useJobQuery(id);
  const job = jobQuery.data;
  const isLive = isJobActive(job?.status);
  const log = useJobLogQuery(id, { isLive });
  const retry = useJobRetryMutation(id, retryJobAction);
  const cancel = useJobCancelMutation(id, cancelJobAction);
  const { refetch: refetchLog } = log;
  const status = job?.status;

  // The last lines are written as the job ends: read them once more when it does.
  useEffect(() => {
    if (status && !isJobActive(status)) void refetchLog();
  }, [status, refetchLog]);

  if (jobQuery.isPending) return <PageSkeleton label="Loading the job" />;
  if (jobQuery.isError || !job) {
    const notFound = jobQuery.error instanceof ApiError && jobQuery.error.status === 404;
    return (
      <ErrorState
        title={notFound ? 'No such job' : 'The job could not be loaded'}
        message={
          notFound
            ? `There is no job ${id}. It may belong to a cluster that was removed.`
            : errorMessage(jobQuery.error)
        }
        action={
          notFound ? (
            <ButtonLink href="/">Back to clusters</ButtonLink>
          ) : (
            <Button onClick={() => void jobQuery.refetch()}>Try again</Button>
          )
        }
      />
    );
  }

  const now = jobQuery.dataUpdatedAt;
  const progress = jobProgress(job.steps);
  const failed = failedStep(job.steps);
  // From the job itself: a destroyed cluster is no longer listed in /api/clusters.
  const { clusterName } = job;
  const kindLabel = jobKindLabel(job.kind);
  const success = jobSuccessText(job);
  const canCancel =
    (job.status === 'queued' || job.status === 'running' || job.status === 'failed') && !job.cancelRequested;
  const actionError = retry.error ?? cancel.error;

  const cancelButton = (
    <Button variant="secondary" onClick={() => cancel.mutate()} disabled={!canCancel || cancel.isPending}>
      {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
    </Button>
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title={`${kindLabel} ${clusterName ?? 'cluster'}`}
        badge={<StatusBadge status={job.status} />}
        subtitle={
          <>
            Job <code className="text-xs">{job.id.slice(0, 8)}</code>
            {clusterName && job.kind !== 'destroy' && (
              <>
                {' '}
                of{' '}
                <Link
                  className="text-blue-700 underline-offset-2 hover:underline"
                  href={`/clusters/${job.clusterId}`}
                >
                  {clusterName}
                </Link>
              </>
            )}
            {' · '}started {job.startedAt ? new Date(job.startedAt).toLocaleTimeString() : 'soon'}
          </>
        }
        actions={isLive ? cancelButton : undefined}
      />

      <Card>
        <CardBody className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <span className="tabular-nums">
              <strong>{progress.finished}</strong> of {progress.total} steps · {progress.changed} changed ·{' '}
              {progress.unchanged} unchanged
            </span>
            <span className="text-slate-500 tabular-nums">{formatDuration(elapsed(job, now))}</span>
          </div>
          <Progress
            value={progress.finished}
            max={progress.total}
            label="Job progress"
            tone={job.status === 'failed' ? 'red' : job.status === 'succeeded' ? 'green' : 'blue'}
          />
          {job.cancelRequested && isLive && (
            <p className="text-sm text-amber-800">Cancelling after the current command…</p>
          )}
        </CardBody>
      </Card>

      {actionError && (
        <Alert tone="error" title="That did not work">
          {errorMessage(actionError)}
        </Alert>
      )}

      {job.status === 'failed' && failed && (
        <FailedStepPanel
          step={failed}
          actions={
            <>
              <Button variant="primary" onClick={() => retry.mutate()} disabled={retry.isPending}>
                {retry.isPending ? 'Retrying…' : 'Retry'}
              </Button>
              {cancelButton}
            </>
          }
        />
      )}
      {job.status === 'failed' && !failed && (
        <Alert tone="error" title="The job failed">
          {job.error ?? 'See the log for details.'}
          <div className="mt-2 flex gap-2">
            <Button variant="primary" onClick={() => retry.mutate()} disabled={retry.isPending}>
              Retry
            </Button>
            {cancelButton}
          </div>
        </Alert>
      )}
      {job.status === 'succeeded' && (
        <Alert tone="success" role="status" title={success.title}>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <span>{success.text}</span>
            {job.kind !== 'destroy' ? (
              <ButtonLink variant="primary" href={`/clusters/${job.clusterId}`}>
                Open the cluster
              </ButtonLink>
            ) : (
              <ButtonLink href="/">Back to clusters</ButtonLink>
            )}
          </div>
        </Alert>
      )}
      {job.status === 'cancelled' && (
        <Alert tone="warning" title="The job was cancelled">
          {job.error ?? 'Steps that had already run are kept; apply again to continue.'}
        </Alert>
      )}

      {isTakeoverJob(job.kind) && <LossReportCard steps={job.steps} />}
      {hasCopies(job.steps) && <CopyProgressCard clusterId={job.clusterId} isLive={isLive} />}

      <JobLanes steps={job.steps} now={now} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div>
          <h2 className="mb-3 text-base font-semibold">Steps by node</h2>
          <JobSteps steps={job.steps} now={now} />
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <h2 className="mb-3 text-base font-semibold">Output</h2>
          <JobLog
            lines={log.data}
            isLoading={log.isPending}
            error={log.isError ? errorMessage(log.error) : null}
          />
        </div>
      </div>
    </div>
  );
}
