import { z } from 'zod';

/** One backup as `GET /api/clusters/:id/backups` lists it (from `pgbackrest info --output=json`). */
export interface BackupEntry {
  label: string;
  type: 'full' | 'diff' | 'incr';
  startedAt: string;
  finishedAt: string;
  /** The database's size as backed up, and what the backup takes in the repository. */
  sizeBytes: number;
  repoSizeBytes: number;
  walStart: string | null;
  walStop: string | null;
  lsnStart: string | null;
  lsnStop: string | null;
}

export interface ArchiveHealth {
  oldest: string | null;
  newest: string | null;
  failing: boolean;
  lastError: string | null;
}

export interface BackupList {
  backups: BackupEntry[];
  archive: ArchiveHealth;
}

// Only the fields read here; pgBackRest adds more between versions.
const infoSchema = z.array(
  z.object({
    name: z.string(),
    status: z.object({ code: z.number(), message: z.string() }),
    archive: z.array(z.object({ min: z.string().nullable(), max: z.string().nullable() })).default([]),
    backup: z
      .array(
        z.object({
          label: z.string(),
          type: z.enum(['full', 'diff', 'incr']),
          error: z.boolean().optional(),
          timestamp: z.object({ start: z.number(), stop: z.number() }),
          info: z.object({ size: z.number(), repository: z.object({ delta: z.number(), size: z.number().optional() }) }),
          archive: z.object({ start: z.string().nullable(), stop: z.string().nullable() }).partial().default({}),
          lsn: z.object({ start: z.string().nullable(), stop: z.string().nullable() }).partial().default({}),
        }),
      )
      .default([]),
  }),
);

export interface StanzaInfo {
  /** pgBackRest's status: 0 ok, 1 missing stanza path, 2 no valid backups, … */
  statusCode: number;
  statusMessage: string;
  backups: BackupEntry[];
  oldestWal: string | null;
  newestWal: string | null;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The stanza's backups, oldest first, and its archive's WAL range; throws on output that is not pgBackRest's. */
export function parsePgbackrestInfo(json: string, stanza: string): StanzaInfo {
  const all = infoSchema.parse(JSON.parse(json));
  const s = all.find((x) => x.name === stanza);
  if (!s) return { statusCode: 1, statusMessage: 'missing stanza', backups: [], oldestWal: null, newestWal: null };
  const mins = s.archive.map((a) => a.min).filter((m): m is string => !!m).sort();
  const maxes = s.archive.map((a) => a.max).filter((m): m is string => !!m).sort();
  return {
    statusCode: s.status.code,
    statusMessage: s.status.message,
    backups: s.backup
      .filter((b) => !b.error)
      .map((b) => ({
        label: b.label,
        type: b.type,
        startedAt: iso(b.timestamp.start),
        finishedAt: iso(b.timestamp.stop),
        sizeBytes: b.info.size,
        repoSizeBytes: b.info.repository.delta,
        walStart: b.archive.start ?? null,
        walStop: b.archive.stop ?? null,
        lsnStart: b.lsn.start ?? null,
        lsnStop: b.lsn.stop ?? null,
      })),
    oldestWal: mins[0] ?? null,
    newestWal: maxes[maxes.length - 1] ?? null,
  };
}

/** One row of pg_stat_archiver. */
export interface ArchiverRow {
  archived_count: number | string;
  failed_count: number | string;
  last_archived_time: Date | string | null;
  last_failed_time: Date | string | null;
  last_failed_wal: string | null;
}

const time = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());

/** Archiving fails when its last attempt failed: a failure newer than the last success. */
export function isArchiveFailing(row: ArchiverRow): boolean {
  const failed = time(row.last_failed_time);
  const archived = time(row.last_archived_time);
  return failed !== null && (archived === null || failed > archived);
}

/** The last failing archive_command's message from the server log: PostgreSQL's line and the tool's error before it. */
export function archiveErrorFromLog(log: string): string | null {
  const lines = log.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (!/archive command failed/i.test(line)) continue;
    const cause = lines.slice(Math.max(0, i - 8), i).reverse().find((l) => /ERROR: \[\d+\]|ERROR:|: No such file|Permission denied|not found/i.test(l) && !/archive command failed/i.test(l));
    const detail = lines[i + 1] && /DETAIL:/.test(lines[i + 1] as string) ? ` ${(lines[i + 1] as string).replace(/^.*DETAIL:\s*/, '')}` : '';
    return `${cause ? `${cause.trim()} — ` : ''}${line.replace(/^.*?(LOG|WARNING):\s*/, '')}${detail}`.slice(0, 1000);
  }
  return null;
}
