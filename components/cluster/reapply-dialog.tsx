'use client';
import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { PlanSteps } from '@/components/plan/plan-steps';
import { errorMessage } from '@/lib/queries/fetch-json';
import { JobStartError } from '@/components/job/job-start-error';
import { useClusterApplyMutation } from '@/lib/queries/cluster-apply-mutation';
import { useClusterPlanMutation } from '@/lib/queries/cluster-plan-mutation';
import type { Topology } from '@/lib/topology/schema';

/** Re-apply: the plan of the saved topology with the cluster's own folders first, then the job. */
export function useReapply(clusterId: string) {
  const plan = useClusterPlanMutation(clusterId);
  const apply = useClusterApplyMutation(clusterId);
  return { plan, apply };
}

export function ReapplyDialog({
  open,
  onClose,
  topology,
  state,
}: {
  open: boolean;
  onClose: () => void;
  topology: Topology;
  state: ReturnType<typeof useReapply>;
}) {
  const router = useRouter();
  const { plan, apply } = state;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Re-apply ${topology.name}`}
      description="Each step checks the live state and only changes what differs from the topology; steps already in place report unchanged."
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="primary"
            disabled={!plan.data || apply.isPending || apply.isSuccess}
            onClick={() =>
              apply.mutate(undefined, { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) })
            }
          >
            {apply.isPending || apply.isSuccess ? 'Starting…' : 'Apply now'}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        {apply.isError && <JobStartError title="The apply could not start" error={apply.error} />}
        {plan.isError && (
          <Alert tone="error" title="The plan could not be compiled">
            {errorMessage(plan.error)}
          </Alert>
        )}
        {plan.isPending && (
          <div role="status" aria-label="Compiling the plan" className="space-y-3">
            <Skeleton className="h-20" />
            <Skeleton className="h-32" />
          </div>
        )}
        {plan.data && (
          <>
            <p className="text-sm text-slate-600">
              {plan.data.steps.length} steps, exactly as the job will run them (secrets masked).
            </p>
            <PlanSteps steps={plan.data.steps} />
          </>
        )}
      </div>
    </Dialog>
  );
}
