import type { Table } from '@/lib/topology/schema';
import { quoteConninfoValue, quoteIdent, quoteLiteral, quoteSchema, quoteTable, tableParts } from './quote';

/** CREATE ROLE for a replication role; `password` is a SCRAM verifier or a `{{secret:…}}` placeholder. */
export function createReplicationRoleSql(role: string, password: string): string {
  return `CREATE ROLE ${quoteIdent(role)} WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(password)}`;
}

export function alterReplicationRoleSql(role: string, password: string): string {
  return `ALTER ROLE ${quoteIdent(role)} WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(password)}`;
}

export function createDatabaseSql(database: string): string {
  return `CREATE DATABASE ${quoteIdent(database)}`;
}

export function createTableSql(table: Table): string {
  const columns = table.columns.map((c) => `  ${quoteIdent(c.name)} ${c.type}`);
  const pk = table.columns.filter((c) => c.primaryKey).map((c) => quoteIdent(c.name));
  if (pk.length > 0) columns.push(`  PRIMARY KEY (${pk.join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS public.${quoteIdent(table.name)} (\n${columns.join(',\n')}\n)`;
}

export function grantSelectSql(tables: string[], role: string): string {
  const list = tables.map(quoteTable).join(', ');
  const schemas = [...new Set(tables.map((t) => tableParts(t).schema))].map(quoteSchema).join(', ');
  return `GRANT USAGE ON SCHEMA ${schemas} TO ${quoteIdent(role)};\nGRANT SELECT ON ${list} TO ${quoteIdent(role)}`;
}

/** `FOR TABLE` list; a row filter applies to a one-table publication (each node publishes only its own heartbeat). */
function tableList(tables: string[], originFilter?: string): string {
  const list = tables.map(quoteTable).join(', ');
  return originFilter ? `${list} WHERE (origin = ${quoteLiteral(originFilter)})` : list;
}

export function createPublicationSql(name: string, tables: string[], originFilter?: string, publish?: string[]): string {
  return `CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${tableList(tables, originFilter)}${publish ? ` WITH (${publishOption(publish)})` : ''}`;
}

/** `publish = 'insert'`: the operations a publication sends (PostgreSQL's default is all four). */
export function publishOption(publish: string[]): string {
  return `publish = ${quoteLiteral(publish.join(', '))}`;
}

export function setPublicationTablesSql(name: string, tables: string[], originFilter?: string): string {
  return `ALTER PUBLICATION ${quoteIdent(name)} SET TABLE ${tableList(tables, originFilter)}`;
}

export interface Conninfo {
  host: string;
  port: number;
  dbname: string;
  user: string;
  password: string;
  /** TLS: `verify-full` with the cluster's CA file. */
  sslmode?: string;
  sslrootcert?: string;
}

export function renderConninfo(c: Conninfo): string {
  return [
    `host=${quoteConninfoValue(c.host)}`,
    `port=${c.port}`,
    `dbname=${quoteConninfoValue(c.dbname)}`,
    `user=${quoteConninfoValue(c.user)}`,
    `password=${quoteConninfoValue(c.password)}`,
    ...(c.sslmode ? [`sslmode=${quoteConninfoValue(c.sslmode)}`] : []),
    ...(c.sslrootcert ? [`sslrootcert=${quoteConninfoValue(c.sslrootcert)}`] : []),
  ].join(' ');
}

/** `extra`: more WITH options, already SQL (`copy_data = false`, `slot_name = '…'`). */
export function createSubscriptionSql(name: string, conninfo: Conninfo, publications: string[], origin?: 'any' | 'none', extra: string[] = []): string {
  const all = [...(origin ? [`origin = ${origin}`] : []), ...extra];
  const options = all.length > 0 ? ` WITH (${all.join(', ')})` : '';
  return `CREATE SUBSCRIPTION ${quoteIdent(name)} CONNECTION ${quoteLiteral(renderConninfo(conninfo))} PUBLICATION ${publications.map(quoteIdent).join(', ')}${options}`;
}

export function alterSubscriptionConnectionSql(name: string, conninfo: Conninfo): string {
  return `ALTER SUBSCRIPTION ${quoteIdent(name)} CONNECTION ${quoteLiteral(renderConninfo(conninfo))}`;
}

export function setSubscriptionPublicationsSql(name: string, publications: string[]): string {
  return `ALTER SUBSCRIPTION ${quoteIdent(name)} SET PUBLICATION ${publications.map(quoteIdent).join(', ')}`;
}

export function enableSubscriptionSql(name: string): string {
  return `ALTER SUBSCRIPTION ${quoteIdent(name)} ENABLE`;
}

export function createPhysicalSlotSql(slot: string): string {
  return `SELECT pg_create_physical_replication_slot(${quoteLiteral(slot)}, true)`;
}

/** The panel's superuser on an SSH host, created or updated in one idempotent statement block. */
export function createAdminRoleSql(role: string, password: string): string {
  const r = quoteIdent(role);
  return `SELECT format('CREATE ROLE %I', ${quoteLiteral(role)}) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) \\gexec\nALTER ROLE ${r} WITH LOGIN SUPERUSER PASSWORD ${quoteLiteral(password)};\n`;
}

const WAL_NAME = String.raw`^([0-9A-F]{24}(\.partial|\.[0-9A-F]{8}\.backup)?|[0-9A-F]{8}\.history)$`;

/** The WAL reader, always called by this name (schema-qualified: nothing earlier on a search_path can stand in). */
export const WAL_READER_FUNCTION = 'public.pgcascade_read_wal';
/** The only setting the WAL reader runs with. */
export const WAL_READER_CONFIG = 'search_path=pg_catalog';

/** The WAL reader's body, exactly as pg_proc.prosrc holds it. */
export function walReaderSource(archiveDir: string): string {
  return [
    '',
    'BEGIN',
    `  IF name !~ ${quoteLiteral(WAL_NAME)} THEN RAISE EXCEPTION 'not a WAL file name: %', name; END IF;`,
    `  RETURN pg_read_binary_file(${quoteLiteral(`${archiveDir}/`)} || name);`,
    'END ',
  ].join('\n');
}

/**
 * A function that returns one archived WAL file, refusing any other name, callable by the standby's role only.
 * Dropped first: CREATE OR REPLACE would keep another owner and its grants.
 */
export function createWalReaderSql(archiveDir: string, role: string): string {
  return [
    `DROP FUNCTION IF EXISTS ${WAL_READER_FUNCTION}(text);`,
    `CREATE FUNCTION ${WAL_READER_FUNCTION}(name text) RETURNS bytea`,
    `LANGUAGE plpgsql SECURITY DEFINER SET ${WAL_READER_CONFIG.replace('=', ' = ')} AS $fn$${walReaderSource(archiveDir)}$fn$;`,
    `REVOKE ALL ON FUNCTION ${WAL_READER_FUNCTION}(text) FROM PUBLIC;`,
    `GRANT EXECUTE ON FUNCTION ${WAL_READER_FUNCTION}(text) TO ${quoteIdent(role)}`,
  ].join('\n');
}

/** PostgreSQL 13 and 14 let every role create objects in schema public; 15 does not. */
export const CLOSE_PUBLIC_SCHEMA_SQL = 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';

export const HEARTBEAT_TABLE = 'pgcascade_heartbeat';

export function heartbeatPublication(node: string): string {
  return `pgcascade_hb_${node}`;
}

/**
 * The heartbeat table: one row per origin node, updated every second by the panel. An ENABLE ALWAYS trigger
 * stamps arrived_at with the local clock, also when the logical apply worker writes the row.
 */
export function createHeartbeatSql(): string {
  const t = quoteIdent(HEARTBEAT_TABLE);
  return [
    `CREATE TABLE IF NOT EXISTS public.${t} (origin text PRIMARY KEY, seq bigint NOT NULL, sent_at timestamptz NOT NULL, arrived_at timestamptz);`,
    `CREATE OR REPLACE FUNCTION public.pgcascade_heartbeat_arrival() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN NEW.arrived_at := clock_timestamp(); RETURN NEW; END $fn$;`,
    `DROP TRIGGER IF EXISTS pgcascade_heartbeat_arrival ON public.${t};`,
    `CREATE TRIGGER pgcascade_heartbeat_arrival BEFORE INSERT OR UPDATE ON public.${t} FOR EACH ROW EXECUTE FUNCTION public.pgcascade_heartbeat_arrival();`,
    `ALTER TABLE public.${t} ENABLE ALWAYS TRIGGER pgcascade_heartbeat_arrival`,
  ].join('\n');
}

/**
 * What the monitoring role may do beyond logging in: see every session's replication and WAL receiver details
 * (pg_read_all_stats), and write the heartbeat table. Not pg_monitor: its pg_read_all_settings shows every setting,
 * primary_conninfo and its replication password included.
 */
export const MONITOR_GRANTED_ROLES = ['pg_read_all_stats'] as const;
/** Roles the monitoring role must not be in: each lets it read settings or files that hold passwords. */
export const MONITOR_FORBIDDEN_ROLES = ['pg_monitor', 'pg_read_all_settings', 'pg_read_server_files'] as const;

/** The monitoring role: least privilege for the sampler plus the heartbeat table it writes; an existing one loses broader roles. */
export function createMonitorRoleSql(role: string, password: string, exists: boolean): string {
  const r = quoteIdent(role);
  return [
    `${exists ? 'ALTER' : 'CREATE'} ROLE ${r} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${quoteLiteral(password)}`,
    ...(exists ? [`REVOKE ${MONITOR_FORBIDDEN_ROLES.join(', ')} FROM ${r}`] : []),
    `GRANT ${MONITOR_GRANTED_ROLES.join(', ')} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE ON public.${quoteIdent(HEARTBEAT_TABLE)} TO ${r}`,
  ].join(';\n');
}

export const WRITE_GUARD_TRIGGER = 'pgcascade_write_guard';

/**
 * A guard on a subscribed copy of a table: local INSERT/UPDATE/DELETE/TRUNCATE fail with the reason. An ordinary
 * (origin-enabled) trigger does not fire for the logical apply worker, which runs as session_replication_role =
 * replica, so replicated changes still arrive.
 */
export function createWriteGuardSql(table: string, publisher: string): string {
  const t = `public.${quoteIdent(table)}`;
  const hint = quoteLiteral(`${table} is replicated from ${publisher}: write there`);
  return [
    `CREATE OR REPLACE FUNCTION public.pgcascade_reject_local_write() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION 'pgcascade: % on %.% refused: this table is a subscribed copy', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING HINT = TG_ARGV[0]; END $fn$;`,
    `DROP TRIGGER IF EXISTS ${WRITE_GUARD_TRIGGER} ON ${t};`,
    `CREATE TRIGGER ${WRITE_GUARD_TRIGGER} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION public.pgcascade_reject_local_write(${hint})`,
  ].join('\n');
}
