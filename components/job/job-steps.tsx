import { groupByNode } from '@/components/plan/plan.utils';
import { StepCommands } from '@/components/plan/step-commands';
import { cn } from '@/components/ui/cn';
import type { JobStep } from '@/lib/queries/types';
import { formatDuration, jobProgress, stepDurationMs } from './job.utils';
import { StepStatusCell } from './step-status';

/** The job's steps grouped by node, each with its live status and duration, expandable to its commands. */
export function JobSteps({ steps, now }: { steps: JobStep[]; now: number }) {
  return (
    <div className="space-y-4">
      {groupByNode(steps).map((group) => {
        const p = jobProgress(group.steps);
        return (
          <section
            key={group.node}
            aria-label={`Steps on ${group.label}`}
            className="rounded-lg border border-slate-200 bg-white shadow-sm"
          >
            <h3 className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm font-semibold">
              <span>{group.label}</span>
              <span className="font-normal text-slate-500 tabular-nums">
                {p.finished}/{p.total}
              </span>
            </h3>
            <ol className="divide-y divide-slate-100">
              {group.steps.map((step) => (
                <li
                  key={step.id}
                  aria-label={step.summary}
                  className={cn(
                    step.status === 'failed' && 'bg-red-50',
                    step.status === 'running' && 'bg-blue-50/60',
                  )}
                >
                  <details className="group">
                    <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-2 text-sm [&::-webkit-details-marker]:hidden">
                      <StepStatusCell status={step.status} />
                      <span className="min-w-0 flex-1">{step.summary}</span>
                      <span className="w-16 shrink-0 text-right text-xs text-slate-500 tabular-nums">
                        {formatDuration(stepDurationMs(step, now))}
                      </span>
                    </summary>
                    <div className="space-y-2 px-4 pb-3 sm:pl-[8.25rem]">
                      <code className="text-[11px] text-slate-500">{step.kind}</code>
                      <StepCommands commands={step.commands} className="max-h-64" />
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
