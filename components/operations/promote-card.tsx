'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import type { Topology } from '@/lib/topology/schema';
import { PromoteDialog } from './promote-dialog';
import { promotableStandbys, type PromotableStandby } from './promote.utils';

/** The cluster page's standbys that can take over from their upstream, each with its "Promote…" button. */
export function PromoteCard({
  clusterId,
  topology,
  isBusy,
}: {
  clusterId: string;
  topology: Pick<Topology, 'standbys'>;
  /** A job is queued or running: the server would refuse another. */
  isBusy: boolean;
}) {
  const [chosen, setChosen] = useState<PromotableStandby | null>(null);
  const standbys = promotableStandbys(topology);
  if (standbys.length === 0) return null;

  return (
    <Card aria-labelledby="promote-title">
      <CardHeader
        id="promote-title"
        title="Promote a standby"
        description={isBusy ? 'Wait for the running job to end.' : 'Hand a node’s role to its standby, planned or after a failure.'}
      />
      <ul className="divide-y divide-slate-100">
        {standbys.map((s) => (
          <li key={s.node} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm">
            <span className="min-w-0 truncate">
              <strong className="font-semibold">{s.node}</strong>{' '}
              <span className="text-slate-600">standby of {s.upstream}</span>
            </span>
            <Button size="sm" data-testid={`promote-${s.node}`} disabled={isBusy} onClick={() => setChosen(s)}>
              Promote {s.node}…
            </Button>
          </li>
        ))}
      </ul>
      {chosen && <PromoteDialog clusterId={clusterId} standby={chosen} onClose={() => setChosen(null)} />}
    </Card>
  );
}
