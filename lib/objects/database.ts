import type { Topology } from '@/lib/topology/schema';
import { createDatabaseSql } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand } from './object';

export function databaseStep(t: Topology, node: string): Step {
  return { id: `${node}/create-database`, node, kind: 'create-database', summary: `Create database ${t.database}`, commands: [sqlCommand('postgres', createDatabaseSql(t.database))], params: { kind: 'create-database', database: t.database } };
}

/** Whether the node has the database: steps inside a missing one are not read (it reports only itself). */
export async function hasDatabase(io: { query: (db: string, sql: string, params?: unknown[]) => Promise<unknown[]> }, database: string): Promise<boolean> {
  return (await io.query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0;
}

export const database = objectModule<'create-database', boolean>({
  kind: 'create-database',
  read: (io, p) => hasDatabase(io, p.database),
  diff: (p, exists) => (exists ? null : { action: 'create', reason: `database ${p.database} is missing`, commands: [sqlCommand('postgres', createDatabaseSql(p.database))], expected: 'exists', actual: 'missing' }),
});
