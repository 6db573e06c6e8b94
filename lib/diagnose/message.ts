/** Pieces of PostgreSQL and libpq error text that several diagnoses need. */

export interface ServerTarget {
  /** The host as given (a name or an address), or the socket path. */
  host: string;
  port: string | null;
  isSocket: boolean;
}

/** The server libpq tried: `connection to server at "h" (ip), port 5432 failed` or `... on socket "/path" failed`. */
export function connectionTarget(text: string): ServerTarget | null {
  const tcp = /connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+) failed/.exec(text);
  if (tcp) return { host: tcp[1]!, port: tcp[2]!, isSocket: false };
  const node = /connect E(?:CONNREFUSED|TIMEDOUT) (\S+):(\d+)/.exec(text); // node-postgres
  if (node) return { host: node[1]!.replace(/^\[|\]$/g, ''), port: node[2]!, isSocket: false };
  // libpq before 14: `could not connect to server: Connection refused / Is the server running on host "h" ...`
  const old =
    /Is the server running on host "([^"]+)"(?: \([^)]*\))? and accepting\s+TCP\/IP connections on port (\d+)/.exec(
      text,
    );
  if (old) return { host: old[1]!, port: old[2]!, isSocket: false };
  const socket = /connection to server on socket "([^"]+)" failed/.exec(text);
  if (socket)
    return { host: socket[1]!, port: /\.s\.PGSQL\.(\d+)$/.exec(socket[1]!)?.[1] ?? null, isSocket: true };
  return null;
}

/** "the server at 10.0.0.1:5432", or a plain fallback when the text does not say. */
export function describeServer(target: ServerTarget | null, fallback = 'the server'): string {
  if (!target) return fallback;
  if (target.isSocket) return `the local server on socket ${target.host}`;
  return `the server at ${target.host}${target.port ? `:${target.port}` : ''}`;
}

export type ConnectionWrapper = 'publisher' | 'primary';

/** Whether a subscriber (`could not connect to the publisher`) or a standby (`... primary server`) was connecting. */
export function connectionWrapper(text: string): ConnectionWrapper | null {
  if (/could not connect to the publisher/.test(text)) return 'publisher';
  if (/could not connect to the primary server/.test(text)) return 'primary';
  return null;
}

/** Who failed to connect to whom, as the start of a sentence. */
export function whoConnects(text: string): string {
  const wrapper = connectionWrapper(text);
  if (wrapper === 'publisher') return 'The subscriber could not connect to its publisher';
  if (wrapper === 'primary') return 'The standby could not connect to its upstream server';
  return 'The connection failed';
}

/** The subscription a worker's message names (`subscription "x"`). */
export function subscriptionIn(text: string): string | null {
  return /subscription "([^"]+)"/.exec(text)?.[1] ?? null;
}

/** Split at commas outside parentheses: `lower(a, b), c` is two parts. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  return parts;
}

export interface ConflictingKey {
  columns: string[];
  /** One per column when the split is certain; otherwise one string with all of them (a value had a comma). */
  values: string[];
}

/** `DETAIL:  Key (order_id, line)=(7, x) already exists.` → the columns and their values. */
export function parseKeyDetail(text: string): ConflictingKey | null {
  const m = /Key \((.+?)\)=\((.*)\) already exists\./.exec(text);
  if (!m) return null;
  const columns = splitTopLevel(m[1]!);
  const split = m[2]!.split(', ');
  return { columns, values: split.length === columns.length ? split : [m[2]!] };
}

export interface ApplyContext {
  origin: string;
  messageType: string;
  relation: string | null;
  transaction: number | null;
  /** The remote transaction's commit LSN: what `ALTER SUBSCRIPTION ... SKIP (lsn = ...)` wants. */
  finishLsn: string | null;
}

/**
 * PostgreSQL 15's apply-worker CONTEXT: `processing remote data for replication origin "pg_16391" during message
 * type "INSERT" for replication target relation "public.test" in transaction 725, finished at 0/153B2C0`.
 */
export function parseApplyContext(text: string): ApplyContext | null {
  const m =
    /processing remote data for replication origin "([^"]+)" during message type "([^"]+)"(?: for replication target relation "([^"]+)"(?: column "[^"]+")?)?(?: in transaction (\d+))?(?:, finished at ([0-9A-F]+\/[0-9A-F]+))?/.exec(
      text,
    );
  if (!m) return null;
  return {
    origin: m[1]!,
    messageType: m[2]!,
    relation: m[3] ?? null,
    transaction: m[4] ? Number(m[4]) : null,
    finishLsn: m[5] ?? null,
  };
}
