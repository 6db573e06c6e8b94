import 'server-only';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { dataRoot } from '@/lib/config';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

interface DbHandle {
  db: Db;
  /** True when this process owns the state DB alone (embedded PGlite): no other worker can hold a lease. */
  exclusive: boolean;
  close(): Promise<void>;
}

// One handle per process: Next.js loads route handlers and instrumentation as separate bundles.
const g = globalThis as unknown as { __pgcascadeDb?: Promise<DbHandle> };

async function open(): Promise<DbHandle> {
  const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), 'drizzle');
  if (process.env.DATABASE_URL) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    const db = drizzle(pool, { schema });
    await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, exclusive: false, close: () => pool.end() };
  }
  const dir = path.join(dataRoot(), 'state');
  // The data dir stays traversable (local clusters live under it and run as postgres); the state DB is private.
  await mkdir(dataRoot(), { recursive: true, mode: 0o755 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, exclusive: true, close: () => client.close() };
}

/** The state DB, opened and migrated on first use. */
export function getDbHandle(): Promise<DbHandle> {
  g.__pgcascadeDb ??= open().catch((err) => {
    g.__pgcascadeDb = undefined;
    throw err;
  });
  return g.__pgcascadeDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = g.__pgcascadeDb;
  g.__pgcascadeDb = undefined;
  if (handle) await (await handle).close();
}
