import { cn } from '@/components/ui/cn';
import type { JobStep } from '@/lib/queries/types';
import { formatDuration } from './job.utils';
import { laneBars } from './lanes.utils';

const COLOR: Record<string, string> = {
  changed: 'bg-emerald-500',
  unchanged: 'bg-slate-300',
  running: 'bg-blue-500 animate-pulse',
  failed: 'bg-red-500',
  skipped: 'bg-amber-300',
  pending: 'bg-slate-200',
};

/** The job on a time axis, one lane per node: bars that overlap are steps that ran at the same time. */
export function JobLanes({ steps, now }: { steps: JobStep[]; now: number }) {
  const { lanes, spanMs, peak } = laneBars(steps, now);
  if (lanes.length === 0) return null;
  return (
    <section aria-label="Steps over time, by node" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h3 className="mb-3 flex items-center justify-between text-sm font-semibold">
        <span>Lanes</span>
        <span className="font-normal text-slate-500">
          up to {peak} step{peak === 1 ? '' : 's'} at once · {formatDuration(spanMs)}
        </span>
      </h3>
      <ul className="space-y-1.5">
        {lanes.map((lane) => (
          <li key={lane.node} aria-label={`Lane ${lane.node === '*' ? 'pre-flight' : lane.node}`} className="flex items-center gap-3">
            <span className="w-20 shrink-0 truncate font-mono text-xs text-slate-600">{lane.node === '*' ? 'pre-flight' : lane.node}</span>
            <div className="relative h-5 flex-1 rounded bg-slate-50">
              {lane.bars.map((bar) => (
                <span
                  key={bar.id}
                  title={`${bar.summary} (${bar.status})`}
                  aria-label={`${bar.id} ${bar.status}`}
                  className={cn('absolute top-0.5 bottom-0.5 rounded-sm', COLOR[bar.status] ?? 'bg-slate-300')}
                  style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
                />
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
