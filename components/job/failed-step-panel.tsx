import type { ReactNode } from 'react';
import { DiagnosisList } from '@/components/diagnosis/diagnosis-list';
import { diagnoseAll, type Diagnosis } from '@/lib/diagnose';
import type { JobStep } from '@/lib/queries/types';

/** The step the job stopped at: what failed, where, the command, its exit code and stderr, and what to do. */
export function FailedStepPanel({
  step,
  actions,
  renderDiagnosisAction,
}: {
  step: JobStep;
  actions: ReactNode;
  /** A button for a diagnosis that has an action (e.g. skip the conflicting transaction). */
  renderDiagnosisAction?: (diagnosis: Diagnosis) => ReactNode;
}) {
  const err = step.error;
  const diagnoses = err
    ? diagnoseAll(
        [err.message, err.stderr].filter(Boolean).join('\n'),
        { ...(step.node === '*' ? {} : { node: step.node }), ...(err.sqlstate ? { sqlstate: err.sqlstate } : {}), ...(err.database ? { database: err.database } : {}) },
      )
    : [];
  return (
    <section
      aria-label="Failed step"
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-950"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="font-semibold">
            Failed on {step.node === '*' ? 'pre-flight' : step.node}: {step.summary}
          </h2>
          <p className="mt-1 break-words">
            {err?.message ?? 'The step failed without a message; see the log.'}
          </p>
          {err?.sqlstate && (
            <p className="mt-1 text-xs text-red-800">
              SQLSTATE <code>{err.sqlstate}</code>
              {err.database ? ` in database ${err.database}` : ''}
            </p>
          )}
        </div>
        <div className="flex shrink-0 gap-2">{actions}</div>
      </div>
      {err && (err.command || err.exitCode !== undefined || err.stderr) && (
        <dl className="mt-3 grid gap-x-4 gap-y-2 sm:grid-cols-[auto_minmax(0,1fr)]">
          {err.command && (
            <>
              <dt className="font-medium">Command</dt>
              <dd>
                <pre className="overflow-x-auto rounded-md bg-white/70 p-2 font-mono text-xs whitespace-pre-wrap break-all">
                  {err.command}
                </pre>
              </dd>
            </>
          )}
          {err.exitCode !== undefined && (
            <>
              <dt className="font-medium">Exit code</dt>
              <dd className="font-mono">{err.exitCode}</dd>
            </>
          )}
          {err.stderr && (
            <>
              <dt className="font-medium">stderr</dt>
              <dd>
                <pre className="max-h-60 overflow-auto rounded-md bg-white/70 p-2 font-mono text-xs whitespace-pre-wrap break-all">
                  {err.stderr}
                </pre>
              </dd>
            </>
          )}
        </dl>
      )}
      {diagnoses.length > 0 && (
        <div className="mt-4">
          <DiagnosisList diagnoses={diagnoses} renderAction={renderDiagnosisAction} />
        </div>
      )}
    </section>
  );
}
