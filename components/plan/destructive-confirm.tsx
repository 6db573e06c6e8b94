'use client';
import { Alert } from '@/components/ui/alert';
import { Input } from '@/components/ui/input';
import type { PlanStep } from '@/lib/queries/types';

/** A plan's destructive steps in red with their cost, and the cluster's name to type before they may run. */
export function DestructiveConfirm({ steps, clusterName, typed, onType }: { steps: PlanStep[]; clusterName: string; typed: string; onType: (value: string) => void }) {
  const destructive = steps.filter((s) => s.destructive);
  if (destructive.length === 0) return null;
  return (
    <Alert tone="error" title={`${destructive.length} destructive change${destructive.length === 1 ? '' : 's'}`}>
      <ul className="mb-3 list-disc space-y-1 pl-5">
        {destructive.map((s) => (
          <li key={s.id}>
            <span className="font-medium">{s.summary}</span>: {s.destructive}
          </li>
        ))}
      </ul>
      <label className="block text-sm" htmlFor="confirm-destructive">
        Type <code className="font-semibold">{clusterName}</code> to run them
      </label>
      <Input id="confirm-destructive" className="mt-1 max-w-xs" autoComplete="off" value={typed} onChange={(e) => onType(e.target.value)} />
    </Alert>
  );
}

/** Whether the plan may run: no destructive step, or the cluster's name typed exactly. */
export function isConfirmed(steps: PlanStep[] | undefined, clusterName: string, typed: string): boolean {
  return !steps?.some((s) => s.destructive) || typed === clusterName;
}
