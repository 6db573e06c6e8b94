import 'server-only';
import pg from 'pg';

/** Where and as whom the panel reaches a node's PostgreSQL (through an SSH tunnel's local end on SSH clusters). */
export interface NodeEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface NodeConnectOptions {
  database: string;
  /** application_name: which part of the panel holds the connection (job, drift, sampler, panel). */
  purpose: string;
  connectTimeoutMs: number;
  statementTimeoutMs?: number;
  /** A walsender connection (`replication=database`). */
  replication?: boolean;
}

/**
 * Every session the panel opens resolves names in pg_catalog, then public, and nowhere else: a schema or object a
 * database user made (a `$user` schema, a function shadowing one the panel calls) is never picked up.
 */
export const NODE_SEARCH_PATH = 'pg_catalog,public';

/** The one place a node connection's settings are made: every use states its own timeouts. */
export function nodeClientConfig(endpoint: NodeEndpoint, o: NodeConnectOptions): pg.ClientConfig {
  // node-postgres sends `replication` and `options` in the startup packet; its types do not list replication.
  return {
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    database: o.database,
    connectionTimeoutMillis: o.connectTimeoutMs,
    ...(o.statementTimeoutMs ? { statement_timeout: o.statementTimeoutMs } : {}),
    application_name: o.purpose,
    options: `-c search_path=${NODE_SEARCH_PATH}`,
    ...(o.replication ? { replication: 'database' } : {}),
  } as pg.ClientConfig;
}

/** Open a connection to a node; the caller ends it. A failed connect leaves nothing open. */
export async function connectNode(endpoint: NodeEndpoint, o: NodeConnectOptions): Promise<pg.Client> {
  return connectConfigured(nodeClientConfig(endpoint, o));
}

/** Open a connection from settings nodeClientConfig made (a caller that holds them, like a job's tunnel). */
export async function connectConfigured(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}
