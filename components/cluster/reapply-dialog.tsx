'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { IssueList } from '@/components/ui/issue-list';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Textarea } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { PlanSteps } from '@/components/plan/plan-steps';
import { DestructiveConfirm, isConfirmed } from '@/components/plan/destructive-confirm';
import { errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import { JobStartError } from '@/components/job/job-start-error';
import { useClusterApplyMutation } from '@/lib/queries/cluster-apply-mutation';
import { useClusterPlanMutation } from '@/lib/queries/cluster-plan-mutation';
import type { Topology, TopologyInput } from '@/lib/topology/schema';
import { parseTopologyText } from './reapply.utils';
import { applyClusterAction, previewApplyAction } from '@/app/(panel)/clusters/[id]/actions';

/** Re-apply: the plan of the saved (or an edited) topology against what the cluster has, then the job. */
export function useReapply(clusterId: string) {
  const plan = useClusterPlanMutation(clusterId, previewApplyAction);
  const apply = useClusterApplyMutation(clusterId, applyClusterAction);
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
  const [text, setText] = useState(() => JSON.stringify(topology, null, 2));
  const [edited, setEdited] = useState<TopologyInput | undefined>(undefined);
  const [parseError, setParseError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const steps = plan.data?.steps;
  const issues = plan.isError ? issuesFrom(plan.error) : [];

  function preview() {
    const parsed = parseTopologyText(text);
    setParseError(parsed.ok ? null : parsed.error);
    if (!parsed.ok) return;
    setEdited(parsed.topology);
    setTyped('');
    apply.reset();
    plan.mutate(parsed.topology);
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Re-apply ${topology.name}`}
      description="The plan is the difference between the topology and what the cluster has: what is missing is made, what changed is altered, what left the topology is dropped. Steps already in place report unchanged."
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="primary"
            disabled={!plan.data || apply.isPending || apply.isSuccess || !isConfirmed(steps, topology.name, typed)}
            onClick={() =>
              apply.mutate({ topology: edited, confirmDestructive: steps?.some((s) => s.destructive) ?? false }, { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) })
            }
          >
            {apply.isPending || apply.isSuccess ? 'Starting…' : 'Apply now'}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <details>
          <summary className="cursor-pointer text-sm font-medium text-slate-700">Edit the topology</summary>
          <div className="mt-2 space-y-2">
            <Textarea aria-label="Topology (JSON)" rows={14} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={parseError !== null || issues.length > 0} />
            {parseError && <p className="text-xs font-medium text-red-700">{parseError}</p>}
            <Button size="sm" onClick={preview} disabled={plan.isPending}>
              Preview the plan
            </Button>
          </div>
        </details>
        {apply.isError && <JobStartError title="The apply could not start" error={apply.error} />}
        {plan.isError && (
          <Alert tone="error" title="The plan could not be compiled">
            {issues.length > 0 ? (
              <IssueList issues={issues} />
            ) : (
              errorMessage(plan.error)
            )}
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
              {plan.data.steps.length} steps, exactly as the job will run them (secrets masked); steps of different nodes run at the same time.
            </p>
            <DestructiveConfirm steps={plan.data.steps} clusterName={topology.name} typed={typed} onType={setTyped} />
            <PlanSteps steps={plan.data.steps} />
          </>
        )}
      </div>
    </Dialog>
  );
}
