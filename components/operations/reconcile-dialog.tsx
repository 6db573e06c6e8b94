'use client';
import { useRouter } from 'next/navigation';
import { PlanSteps } from '@/components/plan/plan-steps';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { useClusterReconcileMutation } from '@/lib/queries/cluster-reconcile-mutation';
import { useClusterReconcilePlanQuery } from '@/lib/queries/cluster-reconcile-plan-query';
import { errorMessage } from '@/lib/queries/fetch-json';
import { JobStartError } from '@/components/job/job-start-error';
import { DestructiveConfirm, isConfirmed } from '@/components/plan/destructive-confirm';
import { useState } from 'react';
import { reconcileClusterAction } from '@/app/(panel)/clusters/[id]/actions';

/** Reconcile: the plan of only the steps that differ from the live state, then the job. Mounted only while open. */
export function ReconcileDialog({ clusterId, clusterName, onClose }: { clusterId: string; clusterName: string; onClose: () => void }) {
  const router = useRouter();
  const [typed, setTyped] = useState('');
  const plan = useClusterReconcilePlanQuery(clusterId);
  const apply = useClusterReconcileMutation(clusterId, reconcileClusterAction);
  const steps = plan.data?.steps ?? [];

  return (
    <Dialog
      open
      onClose={onClose}
      title="Reconcile with the topology"
      description="Runs again only the steps whose live state differs from the topology, plus what they need to take effect (a reload, a restart)."
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="primary"
            data-testid="reconcile-apply"
            disabled={steps.length === 0 || plan.isFetching || apply.isPending || apply.isSuccess || !isConfirmed(steps, clusterName, typed)}
            onClick={() =>
              apply.mutate({ confirmDestructive: steps.some((s) => s.destructive) }, { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) })
            }
          >
            {apply.isPending || apply.isSuccess ? 'Starting…' : 'Apply'}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {apply.isError && <JobStartError title="The reconcile could not start" error={apply.error} />}
        {plan.isError && (
          <Alert tone="error" title="The reconcile plan could not be compiled">
            {errorMessage(plan.error)}{' '}
            <Button size="sm" onClick={() => void plan.refetch()}>
              Try again
            </Button>
          </Alert>
        )}
        {plan.isPending && (
          <div role="status" aria-label="Compiling the reconcile plan" className="space-y-3">
            <Skeleton className="h-20" />
            <Skeleton className="h-32" />
          </div>
        )}
        {plan.data &&
          (steps.length === 0 ? (
            <Alert tone="success" role="status" title="Nothing to reconcile">
              Every node matches the topology: there is no step to run.
            </Alert>
          ) : (
            <>
              <p className="text-sm text-slate-600">
                {steps.length} step{steps.length === 1 ? '' : 's'}, exactly as the job will run them (secrets
                masked).
              </p>
              <DestructiveConfirm steps={steps} clusterName={clusterName} typed={typed} onType={setTyped} />
              <PlanSteps steps={steps} />
            </>
          ))}
      </div>
    </Dialog>
  );
}
