import type { ReactNode } from 'react';
import { Card, CardBody } from '@/components/ui/card';
import type { Diagnosis } from '@/lib/diagnose';
import { FixText } from './fix-text';

/** One diagnosis: what it means and the numbered fix, with room for a button that applies it. */
export function DiagnosisCard({ diagnosis, actionSlot }: { diagnosis: Diagnosis; actionSlot?: ReactNode }) {
  const titleId = `diagnosis-${diagnosis.id}-${diagnosis.node ?? 'any'}`;
  return (
    <Card aria-labelledby={titleId} className="text-sm text-slate-800">
      {/* CardHeader's h2 would outrank the panel heading this card sits under. */}
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <h4 id={titleId} className="min-w-0 font-semibold text-slate-900">
          {diagnosis.title}
        </h4>
        {actionSlot && <div className="flex flex-wrap items-center gap-2">{actionSlot}</div>}
      </div>
      <CardBody className="space-y-3">
        <p className="whitespace-pre-line">
          <FixText text={diagnosis.meaning} />
        </p>
        <ol aria-label="How to fix it" className="list-decimal space-y-1.5 pl-5">
          {diagnosis.fix.map((step, i) => (
            <li key={i}>
              <FixText text={step} />
            </li>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}
