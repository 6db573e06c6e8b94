import type { Topology } from '@/lib/topology/schema';
import { createTableSql, grantSelectSql } from '@/lib/postgres/sql';
import { LOGICAL_ROLE } from '@/lib/postgres/roles';
import type { Step } from '@/lib/plan/types';
import { listOf, objectModule, sqlCommand } from './object';

/** Declared tables, on every node that holds its own data. Tables are never dropped: rows are the user's. */
export function tableSteps(t: Topology, node: string): Step[] {
  return t.tables.map((table) => ({
    id: `${node}/create-table/${table.name}`,
    node,
    kind: 'create-table',
    summary: `Create table ${table.name} (${table.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
    commands: [sqlCommand(t.database, createTableSql(table))],
    params: { kind: 'create-table', database: t.database, table: table.name },
  }));
}

export const table = objectModule<'create-table', boolean>({
  kind: 'create-table',
  async read(io, p) {
    const [row] = await io.query<{ oid: string | null }>(p.database, 'SELECT to_regclass($1)::text AS oid', [`public."${p.table}"`]);
    return !!row?.oid;
  },
  // The table's definition is in the topology, not the params: the step's own CREATE TABLE makes it.
  diff: (p, exists) => (exists ? null : { action: 'create', reason: `table ${p.table} is missing`, commands: [], planned: true, expected: 'exists', actual: 'missing' }),
});

export function grantStep(t: Topology, node: string, tables: string[]): Step {
  return {
    id: `${node}/grant-select`,
    node,
    kind: 'grant-select',
    summary: `Let ${LOGICAL_ROLE} read the published tables (${tables.join(', ')})`,
    commands: grantSelectSql(tables, LOGICAL_ROLE).split(';\n').map((sql) => sqlCommand(t.database, sql)),
    params: { kind: 'grant-select', database: t.database, role: LOGICAL_ROLE, tables },
  };
}

export const grant = objectModule<'grant-select', string[]>({
  kind: 'grant-select',
  /** The tables that exist and that the role may not read (a missing table is create-table's difference). */
  async read(io, p) {
    const rows = await io.query<{ t: string }>(
      p.database,
      `SELECT t FROM unnest($2::text[]) AS t, LATERAL (SELECT CASE WHEN strpos(t, '.') > 0 THEN t ELSE 'public.' || t END AS q) AS ref
        WHERE to_regclass(format('%I.%I', split_part(q, '.', 1), split_part(q, '.', 2))) IS NOT NULL
          AND NOT (has_table_privilege($1, format('%I.%I', split_part(q, '.', 1), split_part(q, '.', 2)), 'SELECT') AND has_schema_privilege($1, split_part(q, '.', 1), 'USAGE'))`,
      [p.role, p.tables],
    );
    return rows.map((r) => r.t);
  },
  diff: (p, unreadable) =>
    unreadable.length === 0
      ? null
      : { action: 'change', reason: `${p.role} may not read ${listOf(unreadable)}`, commands: grantSelectSql(p.tables, p.role).split(';\n').map((sql) => sqlCommand(p.database, sql)), expected: `SELECT on ${listOf(p.tables)}`, actual: `no SELECT on ${listOf(unreadable)}` },
});
