'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { PageSkeleton, Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { MonitoringSettingsCard } from '@/components/operations/monitoring-settings-card';
import { BackupHealthCard } from '@/components/backups/backup-health-card';
import { everyInterval, staleSampleSeconds } from '@/components/operations/monitoring-settings.utils';
import { TopologyGraph } from '@/components/topology-graph/topology-graph';
import { ROOMY_LAYOUT } from '@/components/topology-graph/topology-graph.utils';
import { ApiError, errorMessage } from '@/lib/queries/fetch-json';
import { useClusterMonitoringQuery } from '@/lib/queries/cluster-monitoring-query';
import { useClusterQuery } from '@/lib/queries/cluster-query';
import { useClusterStatusQuery } from '@/lib/queries/cluster-status-query';
import type { ClusterLiveStatus } from '@/lib/queries/types';
import { AlertsList } from './alerts-list';
import { graphLive, publishersOf, sampleAgeSeconds } from './dashboard.utils';
import { formatClock, formatSeconds } from './format.utils';
import { MetricsCharts } from './metrics-charts';
import { SlotsTable, SubscriptionsTable, WalReceiversTable } from './replication-tables';

function TableSkeleton({ title }: { title: string }) {
  return (
    <Card>
      <CardHeader title={title} />
      <CardBody role="status" aria-label={`Loading ${title}`} className="space-y-2">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-8" />
        ))}
      </CardBody>
    </Card>
  );
}

/** What the latest sample says about sampling itself: none yet, stale, or nothing worth a banner. */
function SamplingNotice({
  status,
  readAt,
  intervalSeconds,
}: {
  status: ClusterLiveStatus;
  readAt: number;
  intervalSeconds: number | undefined;
}) {
  if (!status.at)
    return (
      <Alert tone="info" role="status" title="No sample yet">
        The panel samples every node of a ready cluster {everyInterval(intervalSeconds)}; the first sample shows up
        here soon after.
      </Alert>
    );
  const age = sampleAgeSeconds(status.at, readAt);
  // Slower sampling makes older samples normal.
  if (age !== null && age > staleSampleSeconds(intervalSeconds))
    return (
      <Alert tone="warning" role="status" title={`The latest sample is ${formatSeconds(age)} old`}>
        It was taken at {formatClock(status.at)}. Is the panel&apos;s job runner (which also samples) running?
        With <code className="font-mono">PGCASCADE_SAMPLER=off</code> on every process, nothing samples.
      </Alert>
    );
  return null;
}

/** The live replication dashboard of a cluster: graph, alerts, charts and the replication tables. */
export function DashboardView({ id }: { id: string }) {
  const cluster = useClusterQuery(id);
  const isGone = cluster.error instanceof ApiError && cluster.error.status === 404;
  const status = useClusterStatusQuery(id, { enabled: !isGone });
  const monitoring = useClusterMonitoringQuery(id, { enabled: !isGone });
  const intervalSeconds = monitoring.data?.intervalSeconds;
  const live = useMemo(
    () => (status.data ? graphLive(status.data) : { nodes: {}, links: {} }),
    [status.data],
  );
  const publishers = useMemo(() => publishersOf(status.data), [status.data]);

  if (cluster.isPending) return <PageSkeleton label="Loading the dashboard" />;
  // A failed re-read keeps the page as it was (the cluster is re-read every few seconds); a 404 ends it.
  if (!cluster.data || isGone) {
    return (
      <ErrorState
        title={isGone ? 'No such cluster' : 'The cluster could not be loaded'}
        message={isGone ? 'It does not exist, or it was destroyed.' : errorMessage(cluster.error)}
        action={
          isGone ? (
            <ButtonLink href="/">Back to clusters</ButtonLink>
          ) : (
            <Button onClick={() => void cluster.refetch()}>Try again</Button>
          )
        }
      />
    );
  }

  const c = cluster.data;
  const isReady = c.status === 'ready';
  const activeJob = c.jobs.find((j) => j.status === 'queued' || j.status === 'running');

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Dashboard: ${c.name}`}
        badge={<StatusBadge status={c.status} />}
        subtitle={
          <>
            Live replication, sampled {everyInterval(intervalSeconds)}
            {status.data?.at ? (
              <span className="tabular-nums"> · latest sample {formatClock(status.data.at)}</span>
            ) : null}
          </>
        }
        actions={<ButtonLink href={`/clusters/${c.id}`}>Cluster page</ButtonLink>}
      />

      {!isReady && (
        <Alert tone="info" role="status" title={`The cluster is ${c.status}`}>
          The panel samples a cluster while it is ready; what is shown is the last sample taken.
          {activeJob && (
            <>
              {' '}
              <Link className="font-medium underline" href={`/jobs/${activeJob.id}`}>
                Follow the {activeJob.kind} job
              </Link>
            </>
          )}
        </Alert>
      )}
      {status.isError && (
        <Alert tone="error" title="The live status could not be read">
          {errorMessage(status.error)}.{' '}
          {status.data ? 'Showing the last one read; retrying.' : 'Retrying every second.'}
        </Alert>
      )}
      {status.data && isReady && (
        <SamplingNotice status={status.data} readAt={status.dataUpdatedAt} intervalSeconds={intervalSeconds} />
      )}

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card aria-labelledby="graph-title">
          <CardHeader
            id="graph-title"
            title="Topology"
            description="Nodes coloured by health; each link with its live lag (time · bytes), red with the reason when broken."
          />
          <CardBody>
            <TopologyGraph
              topology={c.topology}
              live={live}
              layout={ROOMY_LAYOUT}
              title="Live topology"
              className="h-80 sm:h-[30rem]"
            />
          </CardBody>
        </Card>
        <div className="space-y-6">
          {status.data ? <AlertsList alerts={status.data.alerts} thresholds={monitoring.data?.thresholds} /> : <TableSkeleton title="Alerts" />}
          <BackupHealthCard clusterId={c.id} topology={c.topology} />
          <MonitoringSettingsCard clusterId={c.id} />
        </div>
      </div>

      <MetricsCharts clusterId={c.id} publishers={publishers} isSampled={isReady} />

      {status.data ? (
        <>
          <WalReceiversTable status={status.data} />
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <SubscriptionsTable status={status.data} />
            <SlotsTable status={status.data} />
          </div>
        </>
      ) : (
        <>
          <TableSkeleton title="WAL receivers" />
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <TableSkeleton title="Subscriptions" />
            <TableSkeleton title="Replication slots" />
          </div>
        </>
      )}
    </div>
  );
}
