/** A button the UI may offer beside the fix; the panel decides how (and whether) to run it. */
export type DiagnosisAction =
  | { kind: 'skip-transaction'; node?: string; subscription?: string; lsn?: string }
  | { kind: 'disable-subscription'; node?: string; subscription?: string }
  | { kind: 'enable-subscription'; node?: string; subscription?: string };

/** An action that names everything the subscription-action endpoint needs: the only kind the panel offers. */
export type RunnableAction =
  | { kind: 'skip-transaction'; node: string; subscription: string; lsn: string }
  | { kind: 'disable-subscription' | 'enable-subscription'; node: string; subscription: string };

export function isRunnable(action: DiagnosisAction): action is RunnableAction {
  return !!action.node && !!action.subscription && (action.kind !== 'skip-transaction' || !!action.lsn);
}

export interface Diagnosis {
  /** Stable per kind of problem (`no-pg-hba-entry`, `apply-duplicate-key`, ...). */
  id: string;
  title: string;
  meaning: string;
  /** Steps in order; commands, SQL and file lines are wrapped in `backticks`, with the real names filled in. */
  fix: string[];
  action?: DiagnosisAction;
  /** The node it concerns, when known (live diagnoses, or the failed step's node). */
  node?: string;
}

/** What the caller knows beyond the error text. */
export interface DiagnoseHints {
  node?: string;
  subscription?: string;
  /** A failed statement's SQLSTATE and database (the job's typed SQL error). */
  sqlstate?: string | null;
  database?: string;
}
