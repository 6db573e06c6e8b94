/** One server log message with the lines that belong to it (DETAIL, HINT, CONTEXT, STATEMENT). */
export interface LogEntry {
  /** The timestamp as logged (`2026-11-24 18:21:41.635 UTC`): its zone is an abbreviation, so it stays text. */
  at: string;
  pid: number;
  user: string | null;
  database: string | null;
  severity: string;
  message: string;
  detail: string | null;
  hint: string | null;
  context: string | null;
  statement: string | null;
}

// `%m [%p] ` (the default) and Debian's `%m [%p] %q%u@%d ` (%q drops user@db for background processes).
const LINE =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z][A-Za-z0-9+:-]*|[+-]\d\d)?) \[(\d+)\] (?:(\S*)@(\S*) )?(DEBUG[1-5]|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT):  (.*)$/;

const SECONDARY = { DETAIL: 'detail', HINT: 'hint', CONTEXT: 'context', STATEMENT: 'statement' } as const;
type Secondary = keyof typeof SECONDARY;

/** Parse server log text into messages; lines it cannot read (a program's own stderr, e.g. cp) are skipped. */
export function parseLogEntries(log: string): LogEntry[] {
  const entries: LogEntry[] = [];
  const lastByPid = new Map<number, LogEntry>();
  let lastField: { entry: LogEntry; field: 'message' | (typeof SECONDARY)[Secondary] } | null = null;
  for (const line of log.split(/\r?\n/)) {
    if (line.startsWith('\t') && lastField) {
      // A message with a newline in it: libpq errors relayed by a worker carry their own DETAIL this way.
      const { entry, field } = lastField;
      entry[field] = `${entry[field] ?? ''}\n${line.replace(/^\t+/, '')}`;
      continue;
    }
    const m = LINE.exec(line);
    if (!m) {
      lastField = null;
      continue;
    }
    const [, at = '', pidText = '', user, database, severity = '', text = ''] = m;
    const pid = Number(pidText);
    if (severity in SECONDARY) {
      const owner = lastByPid.get(pid);
      if (!owner) continue;
      const field = SECONDARY[severity as Secondary];
      owner[field] = text;
      lastField = { entry: owner, field };
      continue;
    }
    if (severity === 'QUERY' || severity === 'LOCATION') continue;
    const entry: LogEntry = {
      at,
      pid,
      user: user || null,
      database: database || null,
      severity,
      message: text,
      detail: null,
      hint: null,
      context: null,
      statement: null,
    };
    entries.push(entry);
    lastByPid.set(pid, entry);
    lastField = { entry, field: 'message' };
  }
  return entries;
}
