import { PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { createWalReaderSql } from '@/lib/postgres/sql';
import { nodeFiles, type Layout } from '@/lib/plan/layout';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand } from './object';

/**
 * SSH hosts: the standby's restore_command fetches archived WAL from its upstream over PostgreSQL itself, through
 * a function that reads only WAL file names from the archive folder — no SSH trust between the hosts.
 */
export function walReaderStep(layout: Layout, upstream: string): Step {
  const archiveDir = nodeFiles(layout, upstream).archiveDir;
  return {
    id: `${upstream}/create-wal-reader`,
    node: upstream,
    kind: 'create-wal-reader',
    summary: `Let ${PHYSICAL_ROLE} read archived WAL files (and nothing else) from ${archiveDir}`,
    commands: [sqlCommand('postgres', createWalReaderSql(archiveDir, PHYSICAL_ROLE))],
    params: { kind: 'create-wal-reader', archiveDir, role: PHYSICAL_ROLE },
  };
}

export const walReader = objectModule<'create-wal-reader', { src: string; granted: boolean } | null>({
  kind: 'create-wal-reader',
  async read(io, p) {
    const rows = await io.query<{ src: string; granted: boolean }>(
      'postgres',
      "SELECT prosrc AS src, has_function_privilege($1, p.oid, 'EXECUTE') AS granted FROM pg_proc p WHERE proname = 'pgcascade_read_wal' AND pronamespace = 'public'::regnamespace",
      [p.role],
    );
    return rows[0] ?? null;
  },
  diff(p, live) {
    if (live?.granted && live.src.includes(`${p.archiveDir}/`)) return null;
    return { action: live ? 'change' : 'create', reason: live ? `pgcascade_read_wal does not read ${p.archiveDir} or ${p.role} may not call it` : 'the WAL reader function is missing', commands: [sqlCommand('postgres', createWalReaderSql(p.archiveDir, p.role))] };
  },
});
