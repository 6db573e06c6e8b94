import type { PlanStep } from '@/lib/queries/types';
import { StepCommands } from '@/components/plan/step-commands';
import { groupByNode } from './plan.utils';

/** A plan grouped by node: each step's summary, expandable to the exact commands (secrets masked). */
export function PlanSteps({ steps }: { steps: PlanStep[] }) {
  const groups = groupByNode(steps);
  return (
    <div className="space-y-4">
      {groups.map((group) => (
        <section
          key={group.node}
          aria-label={`Plan for ${group.label}`}
          className="rounded-lg border border-slate-200 bg-white"
        >
          <h3 className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm font-semibold text-slate-800">
            <span>{group.label}</span>
            <span className="text-xs font-normal text-slate-500">
              {group.steps.length} step{group.steps.length === 1 ? '' : 's'}
            </span>
          </h3>
          <ol className="divide-y divide-slate-100">
            {group.steps.map((step) => (
              <li key={step.id} className={step.destructive ? 'bg-red-50' : undefined}>
                <details className="group">
                  <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-2 text-sm hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
                    <span
                      aria-hidden
                      className="mt-0.5 w-3 shrink-0 text-slate-400 transition-transform group-open:rotate-90"
                    >
                      ▸
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className={step.destructive ? 'font-medium text-red-800' : undefined}>{step.summary}</span>
                      {step.live && (
                        <span className={step.live.action === 'none' ? 'mt-0.5 block text-xs text-slate-500' : 'mt-0.5 block text-xs text-amber-800'}>
                          {step.live.action === 'none' ? 'No change: already as the topology wants' : `${step.live.action}: ${step.live.reason ?? ''}`}
                        </span>
                      )}
                      {step.destructive && (
                        <span role="note" aria-label={`Destructive: ${step.summary}`} className="mt-0.5 block text-xs text-red-700">
                          Destructive: {step.destructive}
                        </span>
                      )}
                    </span>
                    <code className="hidden shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600 sm:inline">
                      {step.kind}
                    </code>
                  </summary>
                  <div className="px-4 pb-3 pl-10">
                    <StepCommands commands={step.commands} className="max-h-80 leading-relaxed" />
                  </div>
                </details>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
