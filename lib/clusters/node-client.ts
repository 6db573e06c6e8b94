import 'server-only';
import pg from 'pg';
import type { NodeAccess } from './endpoints';

/** Run `fn` with a short-lived superuser connection to one node (through its SSH tunnel on SSH clusters). */
export async function withNode<T>(access: NodeAccess, node: string, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const { host, port } = await access.endpoint(node);
  const client = new pg.Client({
    host,
    port,
    user: access.user,
    password: access.password,
    database,
    connectionTimeoutMillis: 3000,
    statement_timeout: 5000,
    application_name: 'pgcascade-panel',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    access.reset(node);
    throw err;
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
