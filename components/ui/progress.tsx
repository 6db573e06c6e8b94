import { cn } from './cn';

export function Progress({
  value,
  max,
  label,
  tone = 'blue',
}: {
  value: number;
  max: number;
  label: string;
  tone?: 'blue' | 'green' | 'red';
}) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  const bar = { blue: 'bg-blue-600', green: 'bg-emerald-600', red: 'bg-red-600' }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={`${value} of ${max} steps (${pct}%)`}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div
        className={cn('h-full rounded-full transition-[width] duration-500', bar)}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
