import 'server-only';
import pg from 'pg';
import type { Topology } from '@/lib/topology/schema';
import { SUPERUSER } from '@/lib/postgres/roles';

/** Run `fn` with a short-lived superuser connection to one node of a local cluster. */
export async function withNode<T>(topology: Topology, superuserPassword: string, node: string, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const spec = topology.nodes.find((n) => n.name === node);
  if (!spec) throw new Error(`unknown node ${node}`);
  const client = new pg.Client({
    host: '127.0.0.1',
    port: spec.port,
    user: SUPERUSER,
    password: superuserPassword,
    database,
    connectionTimeoutMillis: 2000,
    statement_timeout: 5000,
    application_name: 'pgcascade-panel',
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
