'use client';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Progress } from '@/components/ui/progress';
import { useClusterCopyProgressQuery } from '@/lib/queries/cluster-copy-progress-query';
import { formatBytes, formatRate } from '@/components/dashboard/format.utils';
import { formatEta } from './copy-progress.utils';

/** The initial copy of each subscription, per table: state, bytes and rows against the table's size, throughput, ETA. */
export function CopyProgressCard({ clusterId, isLive }: { clusterId: string; isLive: boolean }) {
  const query = useClusterCopyProgressQuery(clusterId, { live: isLive });
  const subs = (query.data ?? []).filter((s) => s.tables.length > 0 || s.error);
  if (subs.length === 0) return null;
  return (
    <Card aria-labelledby="copy-progress-title">
      <CardHeader id="copy-progress-title" title="Initial copy" description="Per table of each subscription (pg_subscription_rel), updated every second while the job runs." />
      <CardBody className="space-y-4">
        {subs.map((s) => (
          <div key={`${s.node}/${s.subscription}`}>
            <h3 className="text-sm font-medium text-slate-900">
              {s.subscription} on {s.node} ← {s.publisher} {s.done ? '· all tables copied' : ''}
            </h3>
            {s.error && <p className="text-sm text-red-700">{s.error}</p>}
            <table className="mt-2 w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th className="py-1 pr-3 font-medium">Table</th>
                  <th className="py-1 pr-3 font-medium">State</th>
                  <th className="w-1/4 py-1 pr-3 font-medium">Copied</th>
                  <th className="py-1 pr-3 font-medium">Rows</th>
                  <th className="py-1 pr-3 font-medium">Throughput</th>
                  <th className="py-1 font-medium">ETA</th>
                </tr>
              </thead>
              <tbody>
                {s.tables.map((t) => (
                  <tr key={t.table} className="border-t border-slate-100">
                    <td className="py-1 pr-3 font-mono">{t.table}</td>
                    <td className="py-1 pr-3">{t.state}</td>
                    <td className="py-1 pr-3">
                      <Progress value={t.bytesCopied} max={t.bytesTotal ?? t.bytesCopied} label={`${t.table} copied`} tone={t.done ? 'green' : 'blue'} />
                      <span className="text-xs text-slate-600">
                        {formatBytes(t.bytesCopied)} of {t.bytesTotal === null ? '?' : formatBytes(t.bytesTotal)}
                      </span>
                    </td>
                    <td className="py-1 pr-3">
                      {t.rowsCopied ?? '?'} / {t.rowsTotal ?? '?'}
                    </td>
                    <td className="py-1 pr-3">{formatRate(t.bytesPerSecond)}</td>
                    <td className="py-1">{formatEta(t.etaSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </CardBody>
    </Card>
  );
}
