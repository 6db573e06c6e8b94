import 'server-only';
import type { Table, Topology } from '@/lib/topology/schema';
import { isStandby, nodeRoles } from '@/lib/topology';
import { quoteIdent } from '@/lib/postgres/quote';
import { withNode } from './node-client';
import type { NodeAccess } from './endpoints';

export interface NodeStatus {
  name: string;
  roles: string[];
  address: string;
  port: number;
  up: boolean;
  inRecovery: boolean | null;
  version: string | null;
  error?: string;
}

/** Whether each node answers, is in recovery, and which server version it runs. */
export async function nodeStatuses(t: Topology, access: NodeAccess): Promise<NodeStatus[]> {
  const { mask } = access;
  return Promise.all(
    t.nodes.map(async (n) => {
      const base = { name: n.name, roles: nodeRoles(t, n.name), address: t.provider === 'local' ? '127.0.0.1' : (n.address ?? ''), port: n.port };
      try {
        const row = await withNode(access, n.name, 'postgres', async (c) => (await c.query("SELECT pg_is_in_recovery() AS r, current_setting('server_version') AS v")).rows[0]);
        return { ...base, up: true, inRecovery: Boolean(row?.r), version: String(row?.v ?? '') };
      } catch (err) {
        return { ...base, up: false, inRecovery: null, version: null, error: mask((err as Error).message) };
      }
    }),
  );
}

export class TestRowError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly path: string,
  ) {
    super(message);
  }
}

function keyColumn(table: Table): string {
  return (table.columns.find((c) => c.primaryKey) ?? table.columns[0])!.name;
}

function dataColumn(table: Table): string | undefined {
  return table.columns.find((c) => !c.primaryKey && /^(text|varchar|character varying|char|character)\b/.test(c.type))?.name;
}

function findTable(t: Topology, name: string): Table {
  const table = t.tables.find((x) => x.name === name);
  if (!table) throw new TestRowError(`table ${name} is not part of this cluster`, 422, 'table');
  return table;
}

/** Insert one test row on a writable node; the panel then watches it arrive on the others. */
export async function insertTestRow(t: Topology, access: NodeAccess, node: string, tableName: string, data?: string) {
  if (!t.nodes.some((n) => n.name === node)) throw new TestRowError(`node ${node} is not part of this cluster`, 422, 'node');
  if (isStandby(t, node)) throw new TestRowError(`${node} is a standby and read-only: insert on a primary and watch the row arrive on ${node}`, 409, 'node');
  const table = findTable(t, tableName);
  const keySpec = table.columns.find((c) => c.name === keyColumn(table))!;
  // Nothing else is inserted into the key, so PostgreSQL must fill it in itself.
  if (!/serial|identity/i.test(keySpec.type)) {
    throw new TestRowError(`${tableName}'s key ${keySpec.name} is ${keySpec.type}, which PostgreSQL does not fill in: test rows need a serial, bigserial or identity key`, 422, 'table');
  }
  const key = quoteIdent(keySpec.name);
  const col = dataColumn(table);
  const text = (data ?? `test row from ${node} at ${new Date().toISOString()}`).slice(0, 100);
  const sql = col
    ? `INSERT INTO public.${quoteIdent(table.name)} (${quoteIdent(col)}) VALUES ($1) RETURNING ${key}::text AS id, ${quoteIdent(col)}::text AS data, clock_timestamp() AS inserted_at`
    : `INSERT INTO public.${quoteIdent(table.name)} DEFAULT VALUES RETURNING ${key}::text AS id, NULL::text AS data, clock_timestamp() AS inserted_at`;
  const row = await withNode(access, node, t.database, async (c) => (await c.query(sql, col ? [text] : [])).rows[0]);
  return { id: String(row.id), data: row.data as string | null, insertedAt: new Date(row.inserted_at).toISOString() };
}

export interface NodeRows {
  rows: Array<{ id: string; data: string | null }>;
  error?: string;
}

/** The latest rows of a table on every node, read in parallel; a node that does not answer reports its error. */
export async function readRows(t: Topology, access: NodeAccess, tableName: string, limit: number): Promise<Record<string, NodeRows>> {
  const table = findTable(t, tableName);
  const key = quoteIdent(keyColumn(table));
  const col = dataColumn(table);
  const sql = `SELECT ${key}::text AS id, ${col ? `${quoteIdent(col)}::text` : 'NULL::text'} AS data FROM public.${quoteIdent(table.name)} ORDER BY ${key} DESC LIMIT $1`;
  const { mask } = access;
  const entries = await Promise.all(
    t.nodes.map(async (n): Promise<[string, NodeRows]> => {
      try {
        const rows = await withNode(access, n.name, t.database, async (c) => (await c.query(sql, [limit])).rows);
        return [n.name, { rows: rows.map((r) => ({ id: String(r.id), data: (r.data as string | null) ?? null })) }];
      } catch (err) {
        return [n.name, { rows: [], error: mask((err as Error).message) }];
      }
    }),
  );
  return Object.fromEntries(entries);
}
