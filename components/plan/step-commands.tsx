import { cn } from '@/components/ui/cn';

/** What a step runs (masked), or that the panel checks it itself; shared by the plan preview and the job page. */
export function StepCommands({ commands, className }: { commands: string[]; className?: string }) {
  if (commands.length === 0)
    return <p className="text-xs text-slate-500">A check done by the panel itself: no command runs.</p>;
  return (
    <pre
      className={cn(
        'overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-100',
        className,
      )}
    >
      {commands.join('\n\n')}
    </pre>
  );
}
