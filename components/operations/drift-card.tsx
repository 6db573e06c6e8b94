'use client';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, Td, Th } from '@/components/ui/table';
import { useClusterDriftCheckMutation } from '@/lib/queries/cluster-drift-check-mutation';
import { useClusterDriftQuery } from '@/lib/queries/cluster-drift-query';
import { errorMessage } from '@/lib/queries/fetch-json';
import type { DriftItem } from '@/lib/queries/types';
import { driftHeadline } from './drift.utils';
import { ReconcileDialog } from './reconcile-dialog';
import { checkDriftAction } from '@/app/(panel)/clusters/[id]/actions';

function DriftTable({ drift }: { drift: DriftItem[] }) {
  return (
    <Table aria-label="Drift">
      <thead>
        <tr>
          <Th>Node</Th>
          <Th>What</Th>
          <Th>Expected → actual</Th>
        </tr>
      </thead>
      <tbody>
        {drift.map((d, i) => (
          <tr key={`${d.stepId}#${i}`}>
            <Td className="font-medium">{d.node}</Td>
            <Td>{d.what}</Td>
            <Td className="font-mono text-xs break-all">
              {d.expected} <span className="text-slate-400">→</span>{' '}
              <span className="text-red-700">{d.actual}</span>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Whether the live nodes still match the topology (checked every minute by the server), with Check now and Reconcile…. */
export function DriftCard({
  clusterId,
  clusterName,
  isEnabled,
  isBusy,
}: {
  clusterId: string;
  clusterName: string;
  /** False while the cluster is being destroyed: nothing to check. */
  isEnabled: boolean;
  /** A job is queued or running: the server would refuse a reconcile. */
  isBusy: boolean;
}) {
  const query = useClusterDriftQuery(clusterId, { enabled: isEnabled });
  const check = useClusterDriftCheckMutation(clusterId, checkDriftAction);
  const [isReconcileOpen, setIsReconcileOpen] = useState(false);
  const report = query.data;
  const hasDrift = (report?.drift.length ?? 0) > 0;

  return (
    <Card aria-labelledby="drift-title" data-testid="drift-card">
      <CardHeader
        id="drift-title"
        title="Drift"
        description={
          report ? (
            <span role="status">{driftHeadline(report, query.dataUpdatedAt)}</span>
          ) : (
            'Live settings, objects and replication compared with the topology.'
          )
        }
        actions={
          <>
            {hasDrift && <Badge tone="amber">{report?.drift.length} differing</Badge>}
            <Button size="sm" onClick={() => check.mutate()} disabled={!isEnabled || check.isPending}>
              {check.isPending ? 'Checking…' : 'Check now'}
            </Button>
            <Button
              size="sm"
              variant={hasDrift ? 'primary' : 'secondary'}
              data-testid="reconcile-open"
              disabled={!isEnabled || isBusy}
              onClick={() => setIsReconcileOpen(true)}
            >
              Reconcile…
            </Button>
          </>
        }
      />
      {check.isError && (
        <CardBody>
          <Alert tone="error" title="The drift check did not run">
            {errorMessage(check.error)}
          </Alert>
        </CardBody>
      )}
      {report?.error && (
        <CardBody>
          <Alert tone="warning" title="The last check could not look at everything">
            {report.error}
          </Alert>
        </CardBody>
      )}
      {query.isError && (
        <CardBody>
          <Alert tone="error" title="The drift could not be read">
            {errorMessage(query.error)}. {report ? 'Showing the last report read; retrying.' : 'Retrying every 10 s.'}
          </Alert>
        </CardBody>
      )}
      {query.isPending && isEnabled && (
        <CardBody role="status" aria-label="Loading the drift" className="space-y-2">
          <Skeleton className="h-8" />
        </CardBody>
      )}
      {report && hasDrift && <DriftTable drift={report.drift} />}
      {isReconcileOpen && <ReconcileDialog clusterId={clusterId} clusterName={clusterName} onClose={() => setIsReconcileOpen(false)} />}
    </Card>
  );
}
