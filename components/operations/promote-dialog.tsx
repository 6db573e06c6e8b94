'use client';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useClusterTakeoverMutation } from '@/lib/queries/cluster-takeover-mutation';
import { JobStartError } from '@/components/job/job-start-error';
import type { TakeoverMode } from '@/lib/queries/types';
import type { PromotableStandby } from './promote.utils';
import { takeoverAction } from '@/app/(panel)/clusters/[id]/actions';

/** Choose how a standby takes over from its upstream: switchover (no loss, upstream running) or failover. */
export function PromoteDialog({
  clusterId,
  standby,
  onClose,
}: {
  clusterId: string;
  standby: PromotableStandby;
  onClose: () => void;
}) {
  const router = useRouter();
  const takeover = useClusterTakeoverMutation(clusterId, takeoverAction);
  const { node, upstream } = standby;
  const isStarting = takeover.isPending || takeover.isSuccess;
  const startingMode = isStarting ? takeover.variables?.mode : undefined;

  function handleStart(mode: TakeoverMode) {
    takeover.mutate({ promote: node, mode }, { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Promote ${node}?`}
      description={`${node} takes over ${upstream}'s place and subscriptions; ${upstream} leaves the cluster (it can be added back as ${node}'s standby).`}
      className="w-[min(36rem,calc(100vw-2rem))]"
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button
            variant="danger"
            data-testid="confirm-failover"
            disabled={isStarting}
            onClick={() => handleStart('failover')}
          >
            {startingMode === 'failover' ? 'Starting…' : 'Failover'}
          </Button>
          <Button
            variant="primary"
            data-testid="confirm-switchover"
            disabled={isStarting}
            onClick={() => handleStart('switchover')}
          >
            {startingMode === 'switchover' ? 'Starting…' : 'Switchover'}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm">
        <dl className="space-y-3">
          <div>
            <dt className="font-semibold">Switchover</dt>
            <dd className="text-slate-700">
              Waits until {node} has replayed everything from {upstream}, then switches: no loss, but{' '}
              {upstream} must be running.
            </dd>
          </div>
          <div>
            <dt className="font-semibold">Failover</dt>
            <dd className="text-slate-700">
              Fences {upstream} if it answers, promotes {node}, then runs a loss check that re-copies rows
              that may be missing: for when {upstream} is down.
            </dd>
          </div>
        </dl>
        {takeover.isError && (
          <JobStartError title={`${node} cannot be promoted now`} error={takeover.error} />
        )}
      </div>
    </Dialog>
  );
}
