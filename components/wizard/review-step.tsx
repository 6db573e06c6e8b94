'use client';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Skeleton } from '@/components/ui/skeleton';
import { PlanSteps } from '@/components/plan/plan-steps';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useRunbookMutation } from '@/lib/queries/runbook-mutation';
import { saveTopology } from '@/lib/queries/save-file';
import type { Plan } from '@/lib/queries/types';
import { withMaskedSecrets } from './wizard.utils';
import { runbookAction } from '@/app/(panel)/clusters/new/actions';

/** Step 3: the compiled plan grouped by node, and the two downloads. */
export function ReviewStep({ plan, topology }: { plan: Plan | null; topology: Record<string, unknown> }) {
  const runbook = useRunbookMutation(runbookAction);
  const nodeCount = new Set(plan?.steps.map((s) => s.node).filter((n) => n !== '*')).size;
  return (
    <Card>
      <CardHeader
        title="Review the plan"
        description={
          plan
            ? `${plan.steps.length} steps on ${nodeCount} nodes. Nothing has run yet: open a step to see its exact commands and SQL (secrets masked).${topology.provider === 'ssh' ? ' The topology download has SSH keys and passwords masked too.' : ''}`
            : 'Compiling the plan…'
        }
        actions={
          <>
            <Button onClick={() => runbook.mutate(topology)} disabled={runbook.isPending}>
              {runbook.isPending ? 'Preparing…' : 'Download as shell runbook'}
            </Button>
            <Button
              onClick={() => saveTopology(withMaskedSecrets(topology))}
              title={
                topology.provider === 'ssh'
                  ? 'SSH keys and passwords are written as ******** in the file'
                  : undefined
              }
            >
              Download topology
            </Button>
          </>
        }
      />
      <CardBody className="space-y-4">
        {runbook.isError && (
          <Alert tone="error" title="The runbook could not be downloaded">
            {errorMessage(runbook.error)}
          </Alert>
        )}
        {plan ? (
          <PlanSteps steps={plan.steps} />
        ) : (
          <div role="status" aria-label="Compiling the plan" className="space-y-3">
            <Skeleton className="h-24" />
            <Skeleton className="h-40" />
          </div>
        )}
      </CardBody>
    </Card>
  );
}
