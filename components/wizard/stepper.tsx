import { cn } from '@/components/ui/cn';
import { STEPS, type StepIndex } from './wizard.utils';

/** The steps; the ones not yet validated cannot be jumped to. */
export function Stepper({
  step,
  furthest,
  onGoto,
}: {
  step: StepIndex;
  furthest: StepIndex;
  onGoto: (step: StepIndex) => void;
}) {
  return (
    <nav aria-label="Wizard steps" className="mb-6">
      <ol className="grid grid-cols-2 gap-2 sm:grid-cols-5">
        {STEPS.map((s, i) => {
          const index = i as StepIndex;
          const isCurrent = index === step;
          // Done: a step the user has gone beyond (the last one is never done before the job runs).
          const isDone = index < Math.max(step, furthest);
          return (
            <li key={s.id}>
              <button
                type="button"
                onClick={() => onGoto(index)}
                disabled={index > furthest}
                aria-current={isCurrent ? 'step' : undefined}
                className={cn(
                  'flex w-full items-center gap-2 rounded-md border px-3 py-2 text-left text-sm transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed',
                  isCurrent
                    ? 'border-blue-600 bg-blue-50 font-semibold text-blue-900'
                    : 'border-slate-200 bg-white text-slate-700 hover:bg-slate-50 disabled:bg-slate-50 disabled:text-slate-400 disabled:hover:bg-slate-50',
                )}
              >
                <span
                  aria-hidden
                  className={cn(
                    'grid size-6 shrink-0 place-items-center rounded-full text-xs font-semibold',
                    isCurrent
                      ? 'bg-blue-600 text-white'
                      : isDone
                        ? 'bg-emerald-600 text-white'
                        : 'bg-slate-200 text-slate-600',
                  )}
                >
                  {isDone ? '✓' : i + 1}
                </span>
                <span className="truncate">{`${i + 1}. ${s.title}`}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
