export type { Diagnosis, DiagnosisAction, DiagnoseHints, RunnableAction } from './types';
export { isRunnable } from './types';
export { diagnoseAll, diagnoseError } from './catalogue';
export { applyFailureText, latestApplyFailures, type ApplyFailure } from './apply-errors';
export { parseLogEntries, type LogEntry } from './log-lines';
export type { ConflictingKey } from './message';
export { diagnoseSnapshot, type LiveOptions } from './live';
export type { ApplyFailuresByNode, LogFileOf } from './live-subscriptions';
