import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import type { MonitorAlert } from '@/lib/queries/types';
import { sortAlerts } from './dashboard.utils';
import { formatBytes, formatDateTime } from './format.utils';

/** Alerts of the cluster, open ones first and highlighted, each with when it started and cleared. */
export function AlertsList({ alerts, thresholds }: { alerts: MonitorAlert[]; thresholds?: { lagSeconds: number; retainedWalBytes: number } }) {
  const sorted = sortAlerts(alerts);
  const open = sorted.filter((a) => a.clearedAt === null).length;
  return (
    <Card aria-labelledby="alerts-title" className="flex flex-col">
      <CardHeader
        id="alerts-title"
        title="Alerts"
        description="Open ones first."

        actions={open > 0 ? <Badge tone="red">{open} open</Badge> : <Badge tone="green">all clear</Badge>}
      />
      {sorted.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">
          No alert so far: a node down, a standby not streaming, a disabled or failing subscription, an inactive slot,
          lag over {thresholds?.lagSeconds ?? 10} s or a slot retaining over {formatBytes(thresholds?.retainedWalBytes ?? 1024 ** 3)} would show
          here.
        </p>
      ) : (
        <ul aria-label="Alerts" className="max-h-96 divide-y divide-slate-100 overflow-y-auto xl:max-h-[35rem]">
          {sorted.map((a) => {
            const isOpen = a.clearedAt === null;
            return (
              <li
                key={`${a.key}@${a.startedAt}`}
                aria-label={`${isOpen ? 'Open' : 'Cleared'} ${a.severity}: ${a.message}`}
                className={cn(
                  'px-4 py-2.5 text-sm',
                  isOpen && (a.severity === 'critical' ? 'border-l-4 border-l-red-500 bg-red-50' : 'border-l-4 border-l-amber-400 bg-amber-50'),
                )}
              >
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={a.severity === 'critical' ? 'red' : 'amber'}>{a.severity}</Badge>
                  {isOpen ? (
                    <span className="text-xs font-semibold text-slate-900">open</span>
                  ) : (
                    <span className="text-xs text-slate-500">cleared</span>
                  )}
                </div>
                <p className={cn('mt-1', isOpen ? 'text-slate-900' : 'text-slate-600')}>{a.message}</p>
                <p className="mt-0.5 text-xs tabular-nums text-slate-500">
                  started {formatDateTime(a.startedAt)}
                  {a.clearedAt && ` · cleared ${formatDateTime(a.clearedAt)}`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
