import 'server-only';
import type pg from 'pg';
import { connectNode } from '@/lib/postgres/node-connection';
import type { NodeAccess } from './endpoints';

/** Run `fn` with a short-lived superuser connection to one node (through its SSH tunnel on SSH clusters). */
export async function withNode<T>(access: NodeAccess, node: string, database: string, fn: (c: pg.Client) => Promise<T>, purpose = 'pgcascade-panel', timeouts = { connectMs: 3000, statementMs: 5000 }): Promise<T> {
  let client: pg.Client;
  try {
    client = await connectNode({ ...(await access.endpoint(node)), user: access.user, password: access.password }, { database, purpose, connectTimeoutMs: timeouts.connectMs, statementTimeoutMs: timeouts.statementMs });
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
