import type { ReactNode } from 'react';
import type { Diagnosis } from '@/lib/diagnose';
import { DiagnosisCard } from './diagnosis-card';

/** The diagnoses of one error or snapshot under a heading; renders nothing when there are none. */
export function DiagnosisList({
  diagnoses,
  heading = 'What this means and how to fix it',
  renderAction,
}: {
  diagnoses: Diagnosis[];
  heading?: string;
  renderAction?: (diagnosis: Diagnosis) => ReactNode;
}) {
  if (diagnoses.length === 0) return null;
  return (
    <section aria-label={heading} className="space-y-2">
      <h3 className="font-semibold">{heading}</h3>
      {diagnoses.map((d) => (
        <DiagnosisCard key={`${d.id}:${d.node ?? ''}`} diagnosis={d} actionSlot={renderAction?.(d)} />
      ))}
    </section>
  );
}
