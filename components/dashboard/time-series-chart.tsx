'use client';
import 'uplot/dist/uPlot.min.css';
import uPlot from 'uplot';
import { useEffect, useRef } from 'react';
import type { MetricUnit } from '@/lib/queries/types';
import { latestIndexes, type AlignedSeries } from './dashboard.utils';
import { formatMetric, formatTick } from './format.utils';
import styles from './time-series-chart.module.css';

export const PALETTE = ['#2563eb', '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626', '#475569'];

/** Axis steps for bytes: powers of two, so ticks land on 256 KiB rather than 244.1 KiB. */
const BYTE_STEPS = Array.from({ length: 51 }, (_, i) => 2 ** i);
/** The top of the y axis when every value is zero (an idle cluster): a scale that reads naturally. */
const EMPTY_TOP: Record<MetricUnit, number> = { B: 1024, 'B/s': 1024, s: 1, ms: 10, '': 1 };
const SEP = '\u0000';
const clockSeconds = uPlot.fmtDate('{HH}:{mm}:{ss}');
const clockMinutes = uPlot.fmtDate('{HH}:{mm}');
const fullTime = uPlot.fmtDate('{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}');

export interface TimeSeriesChartProps {
  /** Names the legend (a table of the values) for screen readers; the card around it shows the title. */
  title: string;
  unit: MetricUnit;
  labels: string[];
  data: AlignedSeries;
  /** The x range shown, epoch seconds: the live window, whatever the data covers. */
  xRange: [number, number];
  height: number;
}

/**
 * A uPlot line chart that follows its container's width. The legend shows the value under the cursor, or each
 * series' newest value when the cursor is elsewhere. Created once per set of series; new data only updates it.
 */
export function TimeSeriesChart({ title, unit, labels, data, xRange, height }: TimeSeriesChartProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const latest = useRef({ data, xRange });
  const structure = [unit, ...labels].join(SEP);

  useEffect(() => {
    const plot = plotRef.current;
    const legend = legendRef.current;
    if (!plot || !legend) return;
    const [chartUnit = '', ...names] = structure.split(SEP) as [MetricUnit, ...string[]];
    const format = (v: number | null) => (v === null ? '—' : formatMetric(chartUnit, v));
    const isBytes = chartUnit === 'B' || chartUnit === 'B/s';
    const chart = new uPlot(
      {
        width: Math.max(plot.clientWidth, 120),
        height,
        series: [
          { label: 'Time', value: (_u: uPlot, v: number | null) => (v === null ? '—' : fullTime(new Date(v * 1000))) },
          ...names.map((label, i) => ({
            label,
            stroke: PALETTE[i % PALETTE.length],
            width: 1.5,
            spanGaps: false,
            value: (_u: uPlot, v: number | null) => format(v),
          })),
        ],
        scales: {
          x: { time: true, range: () => latest.current.xRange },
          y: {
            range: (_u, _min, max) => [0, max !== null && max > 0 ? max * 1.12 : EMPTY_TOP[chartUnit]],
          },
        },
        axes: [
          {
            stroke: '#64748b',
            space: 80,
            grid: { stroke: '#eef2f7' },
            ticks: { stroke: '#e2e8f0' },
            // 24-hour clock; seconds only when ticks are less than a minute apart.
            values: (_u, splits, _axis, _space, incr) =>
              splits.map((v) => (incr < 60 ? clockSeconds : clockMinutes)(new Date(v * 1000))),
          },
          {
            stroke: '#64748b',
            size: 84,
            grid: { stroke: '#eef2f7' },
            ticks: { stroke: '#e2e8f0' },
            values: (_u, splits) => splits.map((v) => formatTick(chartUnit, v)),
            ...(isBytes ? { incrs: BYTE_STEPS } : {}),
          },
        ],
        // Hovering one chart shows the same moment on all of them (time only: their y scales differ).
        cursor: {
          sync: { key: 'pgcascade-dashboard', setSeries: false, match: [(a, b) => a === b, () => false] },
          focus: { prox: 24 },
        },
        legend: {
          mount: (_u, table) => {
            table.setAttribute('aria-label', `${title}: values`);
            legend.appendChild(table);
          },
        },
        hooks: {
          // Off the plot, uPlot blanks the legend: show each series' newest value instead.
          setLegend: [
            (u) => {
              if (u.cursor.idx === null || u.cursor.idx === undefined)
                u.setLegend({ idxs: latestIndexes(u.data as AlignedSeries) }, false);
            },
          ],
        },
      },
      latest.current.data,
      plot,
    );
    chartRef.current = chart;
    const resize = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width > 0 && width !== chart.width) chart.setSize({ width, height });
    });
    resize.observe(plot);
    return () => {
      resize.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [structure, height, title]);

  useEffect(() => {
    latest.current = { data, xRange };
    chartRef.current?.setData(data);
  }, [data, xRange]);

  return (
    <div className="min-w-0">
      <div ref={plotRef} aria-hidden className="w-full overflow-hidden" style={{ height }} />
      <div ref={legendRef} className={`${styles.legend} mt-1 h-16 overflow-y-auto`} />
    </div>
  );
}
