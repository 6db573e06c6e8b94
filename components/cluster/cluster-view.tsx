'use client';
import Link from 'next/link';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td, Th } from '@/components/ui/table';
import { DiagnosesCard } from '@/components/operations/diagnoses-card';
import { DriftCard } from '@/components/operations/drift-card';
import { NotificationsCard } from '@/components/operations/notifications-card';
import { PromoteCard } from '@/components/operations/promote-card';
import { RebuildCard } from '@/components/operations/rebuild-card';
import { BackupsCard } from '@/components/backups/backups-card';
import { TopologyGraph } from '@/components/topology-graph/topology-graph';
import { ApiError, errorMessage } from '@/lib/queries/fetch-json';
import { useClusterQuery } from '@/lib/queries/cluster-query';
import { saveTopology } from '@/lib/queries/save-file';
import { DestroyDialog } from './destroy-dialog';
import { NodeCard } from './node-card';
import { ReapplyDialog, useReapply } from './reapply-dialog';
import { TestRowsPanel } from './test-rows-panel';
import { SchemaChangeCard } from './schema-change-card';

/**
 * The cluster page: nodes, diagnosis and drift, alert notifications, diagram, standby promotion, test rows, jobs, and the
 * re-apply / destroy / download actions.
 */
export function ClusterView({ id }: { id: string }) {
  const query = useClusterQuery(id);
  const [dialog, setDialog] = useState<'reapply' | 'destroy' | null>(null);
  const reapply = useReapply(id);
  const cluster = query.data;

  if (query.isPending) return <PageSkeleton label="Loading the cluster" />;
  if (query.isError || !cluster) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <ErrorState
        title={notFound ? 'No such cluster' : 'The cluster could not be loaded'}
        message={notFound ? 'It does not exist, or it was destroyed.' : errorMessage(query.error)}
        action={
          notFound ? (
            <ButtonLink href="/">Back to clusters</ButtonLink>
          ) : (
            <Button onClick={() => void query.refetch()}>Try again</Button>
          )
        }
      />
    );
  }

  const activeJob = cluster.jobs.find((j) => j.status === 'queued' || j.status === 'running');
  const isBusy = cluster.status === 'applying' || cluster.status === 'destroying';
  const anyUp = cluster.nodes.some((n) => n.up);
  const isWatched = cluster.status !== 'destroying' && cluster.status !== 'destroyed';

  function openReapply() {
    setDialog('reapply');
    reapply.apply.reset();
    reapply.plan.mutate();
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title={cluster.name}
        badge={<StatusBadge status={cluster.status} />}
        subtitle={`${cluster.topology.provider === 'local' ? 'This machine' : 'SSH hosts'} · PostgreSQL ${cluster.topology.postgresVersion} · database ${cluster.topology.database} · created ${new Date(cluster.createdAt).toLocaleString()}`}
        actions={
          <>
            <ButtonLink href={`/clusters/${cluster.id}/dashboard`} variant="primary">
              Dashboard
            </ButtonLink>
            <Button onClick={openReapply} disabled={isBusy}>
              Re-apply
            </Button>
            <Button onClick={() => saveTopology(cluster.topology)}>Download topology</Button>
            <Button
              variant="danger"
              onClick={() => setDialog('destroy')}
              disabled={cluster.status === 'destroying'}
            >
              Destroy
            </Button>
          </>
        }
      />

      {activeJob && (
        <Alert tone="info" role="status" title={`A ${activeJob.kind} job is ${activeJob.status}`}>
          <Link className="font-medium underline" href={`/jobs/${activeJob.id}`}>
            Follow it live
          </Link>
        </Alert>
      )}
      {cluster.status === 'failed' && !activeJob && cluster.jobs[0] && (
        <Alert tone="error" title="The last job failed">
          {cluster.jobs[0].error ?? 'See the job for the failed step.'}{' '}
          <Link className="font-medium underline" href={`/jobs/${cluster.jobs[0].id}`}>
            Open the job
          </Link>
        </Alert>
      )}

      <section aria-label="Nodes" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {cluster.nodes.map((n) => (
          <NodeCard key={n.name} node={n} />
        ))}
      </section>

      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-2">
        <DiagnosesCard clusterId={cluster.id} isEnabled={isWatched} />
        <DriftCard clusterId={cluster.id} clusterName={cluster.name} isEnabled={isWatched} isBusy={Boolean(activeJob)} />
      </div>

      <NotificationsCard clusterId={cluster.id} isEnabled={isWatched} />

      <BackupsCard clusterId={cluster.id} topology={cluster.topology} isBusy={Boolean(activeJob) || !isWatched} isEnabled={isWatched} />

      <SchemaChangeCard clusterId={cluster.id} topology={cluster.topology} isBusy={Boolean(activeJob) || !isWatched} />

      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0">
          <TestRowsPanel
            clusterId={cluster.id}
            topology={cluster.topology}
            isLive={anyUp && cluster.status !== 'destroying'}
          />
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Topology" />
            <CardBody>
              <TopologyGraph topology={cluster.topology} className="h-80" />
            </CardBody>
          </Card>
          <PromoteCard
            clusterId={cluster.id}
            topology={cluster.topology}
            isBusy={Boolean(activeJob) || !isWatched}
          />
          <RebuildCard clusterId={cluster.id} isEnabled={isWatched} isBusy={Boolean(activeJob)} />
          <Card>
            <CardHeader title="Jobs" />
            <Table>
              <thead>
                <tr>
                  <Th>Job</Th>
                  <Th>Status</Th>
                  <Th>Started</Th>
                </tr>
              </thead>
              <tbody>
                {cluster.jobs.map((j) => (
                  <tr key={j.id}>
                    <Td>
                      <Link className="text-blue-700 hover:underline" href={`/jobs/${j.id}`}>
                        {j.kind} <span className="font-mono text-xs text-slate-500">{j.id.slice(0, 8)}</span>
                      </Link>
                    </Td>
                    <Td>
                      <StatusBadge status={j.status} />
                    </Td>
                    <Td className="text-xs text-slate-600">{new Date(j.createdAt).toLocaleString()}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </div>
      </div>

      <ReapplyDialog
        open={dialog === 'reapply'}
        onClose={() => setDialog(null)}
        topology={cluster.topology}
        state={reapply}
      />
      <DestroyDialog
        open={dialog === 'destroy'}
        onClose={() => setDialog(null)}
        clusterId={cluster.id}
        name={cluster.name}
      />
    </div>
  );
}
