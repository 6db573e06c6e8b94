import { parseLogEntries, type LogEntry } from './log-lines';
import { parseApplyContext, parseKeyDetail, type ConflictingKey } from './message';

/** The latest failure of one subscription's workers, read from the subscriber's server log. */
export interface ApplyFailure {
  /** Null when the worker's start line is not in the text (the log was rotated). */
  subscription: string | null;
  worker: 'apply' | 'tablesync';
  pid: number;
  at: string;
  message: string;
  /** `Key (id)=(5) already exists.` */
  detail: string | null;
  context: string | null;
  key?: ConflictingKey;
  relation: string | null;
  /** For `ALTER SUBSCRIPTION ... SKIP (lsn = ...)`; null for the initial table copy. */
  finishLsn: string | null;
  /** The remote transaction id. */
  transaction: number | null;
  /** Failures this subscription's workers logged in the text, this one included. */
  failures: number;
  /** disable_on_error switched the subscription off after this failure. */
  isDisabled: boolean;
  /** A later `completed skipping transaction at LSN` for this failure's finish LSN. */
  isSkipped: boolean;
}

interface Worker {
  subscription: string;
  worker: ApplyFailure['worker'];
  table: string | null;
}

function startedWorker(e: LogEntry): Worker | null {
  const apply = /^logical replication apply worker for subscription "(.+)" has started$/.exec(e.message);
  if (apply) return { subscription: apply[1]!, worker: 'apply', table: null };
  const sync =
    /^logical replication table synchronization worker for subscription "(.+)", table "(.+)" has started$/.exec(
      e.message,
    );
  return sync ? { subscription: sync[1]!, worker: 'tablesync', table: sync[2]! } : null;
}

function toFailure(e: LogEntry, worker: Worker | undefined): ApplyFailure {
  const context = parseApplyContext(e.context ?? '');
  const key = parseKeyDetail(e.detail ?? '');
  const copied = /^COPY (.+), line \d+/.exec(e.context ?? '')?.[1] ?? null;
  return {
    subscription: worker?.subscription ?? null,
    worker: worker?.worker ?? 'apply',
    pid: e.pid,
    at: e.at,
    message: e.message,
    detail: e.detail,
    context: e.context,
    ...(key ? { key } : {}),
    relation: context?.relation ?? worker?.table ?? copied,
    finishLsn: context?.finishLsn ?? null,
    transaction: context?.transaction ?? null,
    failures: 1,
    isDisabled: false,
    isSkipped: false,
  };
}

/**
 * The latest logical replication worker failure per subscription in PostgreSQL 15 server log text, oldest first.
 * The log names the subscription only in the worker's start line, so errors are attributed by PID.
 */
export function latestApplyFailures(log: string): ApplyFailure[] {
  const workers = new Map<number, Worker>();
  const failures: ApplyFailure[] = [];
  for (const e of parseLogEntries(log)) {
    const started = startedWorker(e);
    if (started) {
      workers.set(e.pid, started);
      continue;
    }
    const exited = /^background worker "logical replication worker" \(PID (\d+)\) exited/.exec(e.message);
    if (exited) workers.delete(Number(exited[1]));
    const worker = workers.get(e.pid);
    if (
      (e.severity === 'ERROR' || e.severity === 'FATAL') &&
      (worker || parseApplyContext(e.context ?? ''))
    ) {
      failures.push(toFailure(e, worker));
      continue;
    }
    const disabled = /^subscription "(.+)" has been disabled because of an error$/.exec(e.message);
    const last = disabled && failures.findLast((f) => f.pid === e.pid);
    // Also names the subscription of a worker whose start line was rotated away.
    if (disabled && last)
      Object.assign(last, { subscription: last.subscription ?? disabled[1]!, isDisabled: true });
    const skipped = /^logical replication completed skipping transaction at LSN (\S+)$/.exec(e.message);
    if (skipped && worker)
      for (const f of failures)
        if (f.subscription === worker.subscription && f.finishLsn === skipped[1]) f.isSkipped = true;
  }
  const latest = new Map<string | null, ApplyFailure>();
  for (const f of failures) {
    const before = latest.get(f.subscription);
    latest.delete(f.subscription); // re-insert so the map stays in order of latest failure
    latest.set(f.subscription, { ...f, failures: (before?.failures ?? 0) + 1 });
  }
  return [...latest.values()];
}

/** The failure as PostgreSQL printed it, for diagnoseAll. */
export function applyFailureText(f: ApplyFailure): string {
  return [`ERROR:  ${f.message}`, f.detail && `DETAIL:  ${f.detail}`, f.context && `CONTEXT:  ${f.context}`]
    .filter(Boolean)
    .join('\n');
}
