import type { ReactNode } from 'react';
import type { Diagnosis } from '@/lib/queries/types';

/**
 * A minimal diagnosis: title, meaning, the fix steps and an action slot. Stands in for
 * components/diagnosis/diagnosis-card.tsx (same props), which did not exist yet when this was written.
 */
export function DiagnosisFallbackCard({ diagnosis, actionSlot }: { diagnosis: Diagnosis; actionSlot?: ReactNode }) {
  return (
    <article aria-label={diagnosis.title} className="space-y-2 px-4 py-3 text-sm">
      <h3 className="font-semibold break-words text-slate-900">
        {diagnosis.node && <span className="mr-1.5 font-mono text-xs text-slate-500">{diagnosis.node}</span>}
        {diagnosis.title}
      </h3>
      <p className="text-slate-700">{diagnosis.meaning}</p>
      {diagnosis.fix.length > 0 && (
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          {diagnosis.fix.map((line, i) => (
            <li key={i} className="break-words">
              {line}
            </li>
          ))}
        </ol>
      )}
      {actionSlot}
    </article>
  );
}
