'use client';
import dynamic from 'next/dynamic';
import { useMemo, useState, type ReactNode } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Skeleton } from '@/components/ui/skeleton';
import { useClusterMetricsQuery } from '@/lib/queries/cluster-metrics-query';
import { errorMessage } from '@/lib/queries/fetch-json';
import {
  isRollupWindow,
  liveRange,
  METRIC_WINDOWS,
  resolutionLabel,
  type MetricWindowId,
} from '@/lib/queries/metrics.utils';
import { buildCharts, type ChartData } from './dashboard.utils';

/** Plot height in px; the legend below it has a fixed height too, so polling never moves the page. */
const PLOT_HEIGHT = 200;
const AREA_HEIGHT = PLOT_HEIGHT + 68;

export const HEARTBEAT_EXPLAINED =
  "Heartbeats: the panel writes a row on each publishing node every second; an ENABLE ALWAYS trigger stamps its arrival on each subscriber; times are corrected for each node's clock offset to the panel; a standby adds its upstream's reported replay lag.";

const DESCRIPTIONS: Record<string, string> = {
  'replay-lag-seconds':
    'How far each standby’s replay is behind its upstream (pg_stat_replication.replay_lag; 0 when caught up).',
  'replay-lag-bytes': 'WAL its upstream has written that each standby has not replayed yet.',
  'subscription-lag-seconds':
    'For a subscription that has not confirmed everything: the age of its last message from the publisher (0 when caught up).',
  'subscription-lag-bytes': 'WAL the publisher has written that each subscription has not confirmed yet.',
  'heartbeat-latency': HEARTBEAT_EXPLAINED,
  'wal-generated': 'WAL written per second on each node (on a standby: received).',
  'wal-retained': 'WAL each replication slot holds back on its node (restart_lsn to the node’s head).',
};

function ChartArea({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={cn('relative', className)} style={{ height: AREA_HEIGHT }}>
      {children}
    </div>
  );
}

function ChartMessage({ children, tone = 'muted' }: { children: ReactNode; tone?: 'muted' | 'error' }) {
  return (
    <div
      className={cn(
        'grid h-full place-items-center rounded-md border border-dashed px-4 text-center text-sm',
        tone === 'error'
          ? 'border-red-200 bg-red-50/50 text-red-700'
          : 'border-slate-200 bg-slate-50/60 text-slate-500',
      )}
    >
      {children}
    </div>
  );
}

const TimeSeriesChart = dynamic(() => import('./time-series-chart').then((m) => m.TimeSeriesChart), {
  ssr: false,
  loading: () => <Skeleton className="h-full" />,
});

function ChartCard({
  chart,
  xRange,
  body,
}: {
  chart: ChartData;
  xRange: [number, number];
  body: 'chart' | 'loading' | { message: string; tone?: 'muted' | 'error' };
}) {
  const titleId = `chart-${chart.spec.id}`;
  const hasData = chart.labels.length > 0;
  // The heartbeat chart has a line per path and the longest explanation: it gets the full width.
  const isWide = chart.spec.id === 'heartbeat-latency';
  return (
    <section
      aria-labelledby={titleId}
      className={cn(
        'min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm',
        isWide && 'lg:col-span-2',
      )}
    >
      <h3 id={titleId} className="text-sm font-semibold text-slate-900">
        {chart.spec.title}
      </h3>
      <p className="mb-2 mt-0.5 min-h-8 text-xs text-slate-600">{DESCRIPTIONS[chart.spec.id]}</p>
      <ChartArea>
        {body === 'loading' ? (
          <Skeleton className="h-full" />
        ) : body !== 'chart' ? (
          <ChartMessage tone={body.tone}>{body.message}</ChartMessage>
        ) : hasData ? (
          <TimeSeriesChart
            title={chart.spec.title}
            unit={chart.spec.unit}
            labels={chart.labels}
            data={chart.data}
            xRange={xRange}
            height={PLOT_HEIGHT}
          />
        ) : (
          <ChartMessage>No samples in this window yet.</ChartMessage>
        )}
      </ChartArea>
    </section>
  );
}

/** The dashboard's charts over a window (5 min to 24 h), kept live. */
export function MetricsCharts({
  clusterId,
  publishers,
  isSampled,
}: {
  clusterId: string;
  /** `node/subscription` → publisher, to label subscription series as links. */
  publishers: Record<string, string>;
  /** False while the cluster is not ready: the panel samples only ready clusters. */
  isSampled: boolean;
}) {
  const [windowId, setWindowId] = useState<MetricWindowId>('5m');
  const selected = METRIC_WINDOWS.find((w) => w.id === windowId) ?? METRIC_WINDOWS[0];
  const query = useClusterMetricsQuery(clusterId, selected.ms);
  const data = query.data;
  const publishersKey = JSON.stringify(publishers);
  const charts = useMemo(
    () => buildCharts(data?.series ?? [], JSON.parse(publishersKey) as Record<string, string>),
    [data, publishersKey],
  );
  const xRange = useMemo<[number, number]>(() => {
    const [from, to] = data ? liveRange(data) : [0, 1];
    return [from / 1000, to / 1000];
  }, [data]);

  const error = query.isError ? errorMessage(query.error) : null;
  const body: Parameters<typeof ChartCard>[0]['body'] = query.isPending
    ? 'loading'
    : !data && error
      ? { message: `The metrics could not be read: ${error}`, tone: 'error' }
      : !isSampled && !data?.series.length
        ? { message: 'The panel samples a cluster once it is ready.' }
        : 'chart';

  return (
    <Card aria-labelledby="charts-title">
      <CardHeader
        id="charts-title"
        title="Charts"
        description={
          <>
            {resolutionLabel(selected.ms)}, updated every {isRollupWindow(selected.ms) ? '10 s' : 'second'}.
            Hover a chart for exact values; off the charts the legends show the newest ones.
          </>
        }
        actions={
          <div
            role="group"
            aria-label="Chart window"
            className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 shadow-sm"
          >
            {METRIC_WINDOWS.map((w) => (
              <button
                key={w.id}
                type="button"
                aria-pressed={w.id === windowId}
                onClick={() => setWindowId(w.id)}
                className={cn(
                  'h-7 rounded px-2.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600',
                  w.id === windowId ? 'bg-blue-600 text-white' : 'text-slate-700 hover:bg-slate-100',
                )}
              >
                {w.label}
              </button>
            ))}
          </div>
        }
      />
      <p role="status" className={cn('min-h-6 px-4 pt-2 text-xs', error ? 'text-red-700' : 'text-slate-500')}>
        {error && data ? `The latest update failed (${error}); showing what was read before, retrying.` : ''}
        {query.isPlaceholderData ? 'Loading this window…' : ''}
      </p>
      <div className="grid grid-cols-1 gap-4 p-4 pt-1 lg:grid-cols-2">
        {charts.map((chart) => (
          <ChartCard key={chart.spec.id} chart={chart} xRange={xRange} body={body} />
        ))}
      </div>
    </Card>
  );
}
