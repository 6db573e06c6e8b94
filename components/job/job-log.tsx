'use client';
import { useLayoutEffect, useRef } from 'react';
import { cn } from '@/components/ui/cn';
import { Skeleton } from '@/components/ui/skeleton';
import type { LogLine } from '@/lib/queries/types';
import { clockTime } from './job.utils';

/** The job's output as it streams in; stays scrolled to the end unless the user scrolled up to read. */
export function JobLog({
  lines,
  isLoading,
  error,
}: {
  lines: LogLine[] | undefined;
  isLoading: boolean;
  error: string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const count = lines?.length ?? 0;

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  return (
    <div className="flex h-[32rem] flex-col overflow-hidden rounded-lg border border-slate-800 bg-slate-950 shadow-sm">
      <div className="flex items-center justify-between border-b border-slate-800 px-3 py-2 text-xs text-slate-400">
        <span className="font-semibold text-slate-200">Log</span>
        <span className="tabular-nums">{count} lines</span>
      </div>
      <div
        ref={ref}
        role="log"
        aria-label="Job log"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="min-h-0 flex-1 overflow-auto p-3 font-mono text-xs leading-5 focus-visible:outline-2 focus-visible:outline-blue-500"
      >
        {isLoading && (
          <div className="space-y-2">
            <Skeleton className="h-3 w-2/3 bg-slate-800" />
            <Skeleton className="h-3 w-1/2 bg-slate-800" />
          </div>
        )}
        {error && <p className="text-red-400">The log could not be read: {error}</p>}
        {!isLoading && count === 0 && !error && <p className="text-slate-500">Waiting for output…</p>}
        {lines?.map((line) => (
          <div key={line.seq} className="flex gap-3 whitespace-pre-wrap break-all">
            <span className="shrink-0 text-slate-600 tabular-nums">{clockTime(line.at)}</span>
            <span className="w-10 shrink-0 truncate text-slate-500">
              {line.node === '*' ? 'all' : line.node}
            </span>
            <span
              className={cn(
                'min-w-0',
                line.stream === 'stderr'
                  ? 'text-red-300'
                  : line.stream === 'info'
                    ? 'text-sky-200'
                    : 'text-slate-200',
              )}
            >
              {line.text}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
