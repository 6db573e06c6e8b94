import type { Table } from '@/lib/topology/schema';
import { quoteConninfoValue, quoteIdent, quoteLiteral } from './quote';

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
  const list = tables.map((t) => `public.${quoteIdent(t)}`).join(', ');
  return `GRANT USAGE ON SCHEMA public TO ${quoteIdent(role)};\nGRANT SELECT ON ${list} TO ${quoteIdent(role)}`;
}

export function createPublicationSql(name: string, tables: string[]): string {
  return `CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${tables.map((t) => `public.${quoteIdent(t)}`).join(', ')}`;
}

export function setPublicationTablesSql(name: string, tables: string[]): string {
  return `ALTER PUBLICATION ${quoteIdent(name)} SET TABLE ${tables.map((t) => `public.${quoteIdent(t)}`).join(', ')}`;
}

export interface Conninfo {
  host: string;
  port: number;
  dbname: string;
  user: string;
  password: string;
}

export function renderConninfo(c: Conninfo): string {
  return [
    `host=${quoteConninfoValue(c.host)}`,
    `port=${c.port}`,
    `dbname=${quoteConninfoValue(c.dbname)}`,
    `user=${quoteConninfoValue(c.user)}`,
    `password=${quoteConninfoValue(c.password)}`,
  ].join(' ');
}

export function createSubscriptionSql(name: string, conninfo: Conninfo, publications: string[], origin?: 'any' | 'none'): string {
  const options = origin ? ` WITH (origin = ${origin})` : '';
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
