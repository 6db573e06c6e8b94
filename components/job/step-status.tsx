import { cn } from '@/components/ui/cn';
import type { StepStatus } from '@/lib/queries/types';

const STYLE: Record<StepStatus, { icon: string; className: string }> = {
  pending: { icon: '○', className: 'text-slate-400' },
  running: { icon: '◌', className: 'text-blue-600 animate-spin' },
  changed: { icon: '✓', className: 'text-emerald-600' },
  unchanged: { icon: '=', className: 'text-slate-500' },
  failed: { icon: '✕', className: 'text-red-600' },
  skipped: { icon: '–', className: 'text-slate-400' },
};

/** A fixed-width status cell: icon plus the status word, so polling never shifts the row. */
export function StepStatusCell({ status }: { status: StepStatus }) {
  const s = STYLE[status];
  return (
    <span className="inline-flex w-24 shrink-0 items-center gap-1.5 text-xs font-medium">
      <span aria-hidden className={cn('inline-block w-3 text-center', s.className)}>
        {s.icon}
      </span>
      <span
        className={cn(
          status === 'failed'
            ? 'text-red-700'
            : status === 'running'
              ? 'text-blue-700'
              : status === 'changed'
                ? 'text-emerald-700'
                : 'text-slate-600',
        )}
      >
        {status}
      </span>
    </span>
  );
}
