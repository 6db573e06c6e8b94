'use client';
import { Alert } from '@/components/ui/alert';
import { Input } from '@/components/ui/input';
import type { PlanStep } from '@/lib/queries/types';

/** One destructive change as it is confirmed: what it does and what it costs. */
export interface DestructiveItem {
  id: string;
  summary: string;
  cost: string;
}

/** Destructive changes in red with their cost, and the cluster's name to type before they may run. */
export function DestructiveAlert({ title, items, runs, inputId, clusterName, typed, onType }: { title: string; items: readonly DestructiveItem[]; runs: 'it' | 'them'; inputId: string; clusterName: string; typed: string; onType: (value: string) => void }) {
  return (
    <Alert tone="error" title={title}>
      <ul className="mb-3 list-disc space-y-1 pl-5">
        {items.map((d) => (
          <li key={d.id}>
            <span className="font-medium">{d.summary}</span>: {d.cost}
          </li>
        ))}
      </ul>
      <label className="block text-sm" htmlFor={inputId}>
        Type <code className="font-semibold">{clusterName}</code> to run {runs}
      </label>
      <Input id={inputId} className="mt-1 max-w-xs" autoComplete="off" value={typed} onChange={(e) => onType(e.target.value)} />
    </Alert>
  );
}

/** A plan's destructive steps in red with their cost, and the cluster's name to type before they may run. */
export function DestructiveConfirm({ steps, clusterName, typed, onType }: { steps: PlanStep[]; clusterName: string; typed: string; onType: (value: string) => void }) {
  const destructive = steps.flatMap((s) => (s.destructive ? [{ id: s.id, summary: s.summary, cost: s.destructive }] : []));
  if (destructive.length === 0) return null;
  return <DestructiveAlert title={`${destructive.length} destructive change${destructive.length === 1 ? '' : 's'}`} items={destructive} runs="them" inputId="confirm-destructive" clusterName={clusterName} typed={typed} onType={onType} />;
}

/** Whether the plan may run: no destructive step, or the cluster's name typed exactly. */
export function isConfirmed(steps: PlanStep[] | undefined, clusterName: string, typed: string): boolean {
  return !steps?.some((s) => s.destructive) || typed === clusterName;
}
