'use client';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { JobStartError } from '@/components/job/job-start-error';
import { useClusterRebuildMutation } from '@/lib/queries/cluster-rebuild-mutation';
import { useClusterRetiredQuery } from '@/lib/queries/cluster-retired-query';
import { rebuildNodeAction } from '@/app/(panel)/clusters/[id]/actions';

/** Nodes that left in a failover or switchover, each with "Rebuild as standby" of the node that replaced it. */
export function RebuildCard({
  clusterId,
  isBusy,
  isEnabled,
}: {
  clusterId: string;
  isBusy: boolean;
  isEnabled: boolean;
}) {
  const router = useRouter();
  const retired = useClusterRetiredQuery(clusterId, { enabled: isEnabled });
  const rebuild = useClusterRebuildMutation(clusterId, rebuildNodeAction);
  const nodes = retired.data?.retired ?? [];
  if (nodes.length === 0) return null;

  return (
    <Card aria-labelledby="rebuild-title">
      <CardHeader
        id="rebuild-title"
        title="Nodes that left in a takeover"
        description="Fenced and out of the topology. Rebuilding re-clones the node as a standby of the one that replaced it (its old data is replaced)."
      />
      <ul className="divide-y divide-slate-100">
        {nodes.map((n) => (
          <li key={n.node} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm">
            <span className="min-w-0 truncate">
              <strong className="font-semibold">{n.node}</strong>{' '}
              <span className="text-slate-600">replaced by {n.upstream}</span>
            </span>
            <Button
              size="sm"
              data-testid={`rebuild-${n.node}`}
              disabled={isBusy || rebuild.isPending || rebuild.isSuccess}
              onClick={() =>
                rebuild.mutate(n.node, { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) })
              }
            >
              Rebuild as standby of {n.upstream}
            </Button>
          </li>
        ))}
      </ul>
      {rebuild.isError && (
        <div className="px-4 pb-3">
          <JobStartError title="The rebuild could not start" error={rebuild.error} />
        </div>
      )}
    </Card>
  );
}
