'use client';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { useClusterDiagnosesQuery } from '@/lib/queries/cluster-diagnoses-query';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useSubscriptionActionMutation } from '@/lib/queries/subscription-action-mutation';
import type { DiagnosisAction } from '@/lib/queries/types';
import { DiagnosisActionButton } from './diagnosis-action-button';
import { DiagnosisCard } from '@/components/diagnosis/diagnosis-card';
import { isSameRequest, subscriptionActionRequest } from './diagnosis.utils';
import { subscriptionAction } from '@/app/(panel)/clusters/[id]/actions';

/** What the panel recognises as wrong with the cluster, each with its meaning, fix, and an action when it has one. */
export function DiagnosesCard({ clusterId, isEnabled }: { clusterId: string; isEnabled: boolean }) {
  const query = useClusterDiagnosesQuery(clusterId, { enabled: isEnabled });
  // One action at a time, kept here: its diagnosis disappears once it worked, its outcome must not.
  const run = useSubscriptionActionMutation(clusterId, subscriptionAction);
  const diagnoses = query.data;
  const isRunning = (a: DiagnosisAction) =>
    run.isPending && run.variables !== undefined && isSameRequest(run.variables, subscriptionActionRequest(a));

  return (
    <Card aria-labelledby="diagnoses-title" data-testid="diagnoses-card">
      <CardHeader
        id="diagnoses-title"
        title="Diagnosis"
        description="Open problems explained, with the fix; re-read every 10 s."
        actions={
          diagnoses &&
          (diagnoses.length > 0 ? (
            <Badge tone="red">{diagnoses.length} found</Badge>
          ) : (
            <Badge tone="green">nothing wrong</Badge>
          ))
        }
      />
      {(run.isSuccess || run.isError || query.isError) && (
        <CardBody className="space-y-2">
          {run.isSuccess && (
            <Alert tone="success" role="status" title="Done">
              <span className="font-mono text-xs break-all">{run.data.message}</span>
            </Alert>
          )}
          {run.isError && (
            <Alert tone="error" title="The action did not work">
              {errorMessage(run.error)}
            </Alert>
          )}
          {query.isError && (
            <Alert tone="error" title="The diagnoses could not be read">
              {errorMessage(query.error)}.{' '}
              {diagnoses ? 'Showing the last ones read; retrying.' : 'Retrying every 10 s.'}
            </Alert>
          )}
        </CardBody>
      )}
      {query.isPending && isEnabled && (
        <CardBody role="status" aria-label="Loading the diagnoses">
          <Skeleton className="h-16" />
        </CardBody>
      )}
      {diagnoses?.length === 0 && (
        <p className="px-4 py-4 text-sm text-slate-500">
          No open problem: a node down, a standby not streaming, a failing or disabled subscription or a slot holding
          WAL would be explained here.
        </p>
      )}
      {diagnoses && diagnoses.length > 0 && (
        <ul aria-label="Diagnoses" className="divide-y divide-slate-100">
          {diagnoses.map((d, i) => (
            // Ids name the kind of problem and repeat across nodes and subscriptions.
            <li key={`${d.id}/${d.node ?? ''}/${d.action?.subscription ?? ''}/${i}`}>
              <DiagnosisCard
                diagnosis={d}
                actionSlot={
                  d.action && (
                    <DiagnosisActionButton
                      action={d.action}
                      isRunning={isRunning(d.action)}
                      isDisabled={run.isPending}
                      onRun={(a) => run.mutate(subscriptionActionRequest(a))}
                    />
                  )
                }
              />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
