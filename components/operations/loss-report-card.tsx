import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import type { JobStep, LossCheckResult } from '@/lib/queries/types';
import { formatBytes } from '@/components/dashboard/format.utils';
import { lossChecks, lossSummary, pendingLossText, rowsTouched, type LossCheck } from './loss-report.utils';

function LossFacts({ r }: { r: LossCheckResult }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-slate-600">
      <dt>Publisher · slot</dt>
      <dd className="font-mono">
        {r.publisher} · {r.slot}
      </dd>
      <dt>Confirmed to the publisher</dt>
      <dd className="font-mono">{r.confirmedByOld ?? '—'}</dd>
      {r.appliedByOld != null && (
        <>
          <dt>Applied by the old node</dt>
          <dd className="font-mono">{r.appliedByOld}</dd>
        </>
      )}
      <dt>Replayed by the new node</dt>
      <dd className="font-mono">
        {r.replayedByNew ?? '—'}
        {r.behindBytes !== null && r.behindBytes > 0 && ` (${formatBytes(r.behindBytes)} behind)`}
      </dd>
      <dt>Old node fenced</dt>
      <dd>{r.fencedCleanly ? 'cleanly' : 'no: it did not answer, or fencing failed'}</dd>
    </dl>
  );
}

function RecopiedTables({ r }: { r: LossCheckResult }) {
  const tables = r.tables.filter((t) => rowsTouched(t) > 0 || t.note);
  if (tables.length === 0) return null;
  return (
    <div className="overflow-hidden rounded-md border border-slate-200">
      <Table aria-label={`Rows re-copied for ${r.subscription}`}>
        <thead>
          <tr>
            <Th>Table</Th>
            <Th className="text-right">Missing</Th>
            <Th className="text-right">Changed</Th>
            <Th className="text-right">Removed</Th>
            <Th>Keys</Th>
          </tr>
        </thead>
        <tbody>
          {tables.map((t) => (
            <tr key={t.table}>
              <Td className="font-mono text-xs">{t.table}</Td>
              <Td className="text-right tabular-nums">{t.missing}</Td>
              <Td className="text-right tabular-nums">{t.changed}</Td>
              <Td className="text-right tabular-nums">{t.removed}</Td>
              <Td className="text-xs">
                {t.keys.length > 0 && <span className="font-mono break-all">{t.keys.join(', ')}</span>}
                {t.note && <p className="text-amber-800">{t.note}</p>}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function LossCheckItem({ check }: { check: LossCheck }) {
  const r = check.result;
  return (
    <li aria-label={`Loss check of ${check.subscription}`} className="space-y-2 px-4 py-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono font-semibold">{check.subscription}</span>
        <span className="text-slate-500">on {check.node}</span>
        {r && (r.lost ? <Badge tone="amber">rows re-copied</Badge> : <Badge tone="green">no loss</Badge>)}
      </div>
      {r ? (
        <>
          <p className={r.lost ? 'text-amber-900' : 'text-emerald-800'}>{lossSummary(r)}</p>
          <RecopiedTables r={r} />
          <LossFacts r={r} />
        </>
      ) : (
        <p className="text-slate-500">{pendingLossText(check.status)}</p>
      )}
    </li>
  );
}

/** A failover or switchover job's loss check: per subscription, no loss (slot taken over) or the rows re-copied. */
export function LossReportCard({ steps }: { steps: JobStep[] }) {
  const checks = lossChecks(steps);
  return (
    <Card aria-labelledby="loss-report-title" data-testid="loss-report">
      <CardHeader
        id="loss-report-title"
        title="Loss check"
        description="What the replaced node had confirmed to each publisher against what the promoted node had replayed; rows that may be missing are re-copied from a snapshot."
      />
      {checks.length === 0 ? (
        <p className="px-4 py-4 text-sm text-slate-500">
          The replaced node subscribed to nothing, so there is nothing to check.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {checks.map((c) => (
            <LossCheckItem key={c.stepId} check={c} />
          ))}
        </ul>
      )}
    </Card>
  );
}
