import { PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { CLOSE_PUBLIC_SCHEMA_SQL, createWalReaderSql, WAL_READER_CONFIG, WAL_READER_FUNCTION, walReaderSource } from '@/lib/postgres/sql';
import { nodeFiles, type Layout } from '@/lib/plan/layout';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type Change } from './object';

/**
 * SSH hosts: the standby's restore_command fetches archived WAL from its upstream over PostgreSQL itself, through
 * a function that reads only WAL file names from the archive folder — no SSH trust between the hosts. On
 * PostgreSQL 13 and 14, schema public is closed to PUBLIC first, as 15 does by default.
 */
export function walReaderStep(layout: Layout, upstream: string): Step {
  const archiveDir = nodeFiles(layout, upstream).archiveDir;
  const closePublic = layout.kind === 'debian' && layout.version < 15;
  return {
    id: `${upstream}/create-wal-reader`,
    node: upstream,
    kind: 'create-wal-reader',
    summary: `Let ${PHYSICAL_ROLE} read archived WAL files (and nothing else) from ${archiveDir}${closePublic ? '; take CREATE on schema public away from PUBLIC' : ''}`,
    commands: walReaderCommands(archiveDir, PHYSICAL_ROLE, { function: true, closePublic }),
    params: { kind: 'create-wal-reader', archiveDir, role: PHYSICAL_ROLE },
  };
}

function walReaderCommands(archiveDir: string, role: string, what: { function: boolean; closePublic: boolean }): Command[] {
  return [
    ...(what.closePublic ? [sqlCommand('postgres', CLOSE_PUBLIC_SCHEMA_SQL)] : []),
    ...(what.function ? [sqlCommand('postgres', createWalReaderSql(archiveDir, role))] : []),
  ];
}

/** The live function (null: there is none taking text) and whether PUBLIC may create in schema public. */
export interface LiveWalReader {
  fn: {
    src: string;
    owner: string;
    owner_is_superuser: boolean;
    security_definer: boolean;
    language: string;
    config: string[] | null;
    returns_bytea: boolean;
    granted: boolean;
    public_execute: boolean;
  } | null;
  server_version_num: number;
  public_create: boolean;
}

const READ_FUNCTION_SQL = `SELECT p.prosrc AS src, o.rolname AS owner, o.rolsuper AS owner_is_superuser, p.prosecdef AS security_definer,
        l.lanname AS language, p.proconfig AS config, p.prorettype = 'bytea'::regtype AS returns_bytea,
        EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = $1) AND has_function_privilege($1, p.oid, 'EXECUTE') AS granted,
        EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE') AS public_execute
   FROM pg_proc p JOIN pg_roles o ON o.oid = p.proowner JOIN pg_language l ON l.oid = p.prolang
  WHERE p.oid = to_regprocedure('${WAL_READER_FUNCTION}(text)')`;

const READ_SCHEMA_SQL = `SELECT current_setting('server_version_num')::int AS server_version_num,
        EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) x
                 WHERE n.nspname = 'public' AND x.grantee = 0 AND x.privilege_type = 'CREATE') AS public_create`;

/** How the live function differs from the one pgcascade makes, one phrase each (empty: it is the same). */
export function walReaderDifferences(fn: NonNullable<LiveWalReader['fn']>, archiveDir: string, role: string): string[] {
  const found: string[] = [];
  if (fn.src !== walReaderSource(archiveDir)) found.push(`its source is not pgcascade's (reading ${archiveDir})`);
  if (!fn.owner_is_superuser) found.push(`it is owned by ${fn.owner}, not a superuser`);
  if (!fn.security_definer) found.push('it is not SECURITY DEFINER');
  if (fn.language !== 'plpgsql') found.push(`it is in ${fn.language}, not plpgsql`);
  if ((fn.config ?? []).join(',') !== WAL_READER_CONFIG) found.push(`it runs with ${(fn.config ?? []).join(', ') || 'no settings'}, not ${WAL_READER_CONFIG}`);
  if (!fn.returns_bytea) found.push('it does not return bytea');
  if (fn.public_execute) found.push('every role may call it');
  if (!fn.granted) found.push(`${role} may not call it`);
  return found;
}

export const walReader = objectModule<'create-wal-reader', LiveWalReader>({
  kind: 'create-wal-reader',
  async read(io, p) {
    const [fn] = await io.query<NonNullable<LiveWalReader['fn']>>('postgres', READ_FUNCTION_SQL, [p.role]);
    const [schema] = await io.query<{ server_version_num: number; public_create: boolean }>('postgres', READ_SCHEMA_SQL);
    return { fn: fn ?? null, server_version_num: Number(schema?.server_version_num ?? 0), public_create: schema?.public_create ?? false };
  },
  diff(p, live): Change | null {
    // Only where PostgreSQL itself still opens public to everyone (13, 14): on 15 and later it is the user's choice.
    const closePublic = live.server_version_num < 150000 && live.public_create;
    const differences = live.fn ? walReaderDifferences(live.fn, p.archiveDir, p.role) : [];
    const schemaReason = closePublic ? '; every role may create objects in schema public (PostgreSQL 13/14)' : '';
    const commands = (fn: boolean) => walReaderCommands(p.archiveDir, p.role, { function: fn, closePublic });
    if (!live.fn) return { action: 'create', reason: `the WAL reader function ${WAL_READER_FUNCTION} is missing${schemaReason}`, commands: commands(true) };
    if (differences.length > 0) return { action: 'replace', reason: `${WAL_READER_FUNCTION} is not pgcascade's: ${differences.join('; ')}${schemaReason}`, commands: commands(true), expected: `pgcascade's reader of ${p.archiveDir}`, actual: differences.join('; ') };
    if (closePublic) return { action: 'change', reason: 'every role may create objects in schema public (PostgreSQL 13/14)', commands: commands(false), expected: 'CREATE on public not granted to PUBLIC', actual: 'granted to PUBLIC' };
    return null;
  },
});
