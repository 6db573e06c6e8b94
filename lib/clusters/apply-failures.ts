/** The last failure of a logical replication apply worker, as PostgreSQL 15 logs it (ERROR, DETAIL, CONTEXT of one PID). */
export interface ApplyFailure {
  origin: string;
  message: string;
  detail: string | null;
  relation: string;
  transaction: string;
  /** The remote transaction's finish LSN: what ALTER SUBSCRIPTION … SKIP takes. */
  finishLsn: string;
}

const CONTEXT =
  /CONTEXT:\s+processing remote data for replication origin "(pg_\d+)" during message type "\w+" (?:for replication target relation "([^"]+)" )?in transaction (\d+), finished at ([0-9A-F]+\/[0-9A-F]+)/;
const PID = /\[(\d+)\]/;

/** Scan a server log's tail for apply-worker failures; the newest per replication origin. Pure. */
export function applyFailures(log: string): Map<string, ApplyFailure> {
  const lines = log.split('\n');
  const out = new Map<string, ApplyFailure>();
  lines.forEach((line, i) => {
    const m = CONTEXT.exec(line);
    if (!m) return;
    const pid = PID.exec(line)?.[1];
    // The ERROR and DETAIL lines of the same process come just before.
    const before = lines.slice(Math.max(0, i - 6), i).filter((l) => PID.exec(l)?.[1] === pid);
    const error = before
      .map((l) => /ERROR:\s+(.*)$/.exec(l)?.[1])
      .filter(Boolean)
      .at(-1);
    const detail =
      before
        .map((l) => /DETAIL:\s+(.*)$/.exec(l)?.[1])
        .filter(Boolean)
        .at(-1) ?? null;
    out.set(m[1]!, {
      origin: m[1]!,
      message: error ?? 'apply failed',
      detail,
      relation: m[2] ?? '',
      transaction: m[3]!,
      finishLsn: m[4]!,
    });
  });
  return out;
}
