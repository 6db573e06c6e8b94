import 'server-only';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { getDb } from '@/lib/db/client';
import { insertCluster } from '@/lib/db/repositories/clusters';
import { storeSecrets } from '@/lib/db/repositories/secrets';
import { missingCredentials } from '@/lib/db/repositories/credentials';
import { executorFactory } from '@/lib/hosts/executors';
import { LocalExecutor } from '@/lib/hosts/local-executor';
import type { Executor } from '@/lib/hosts/executor';
import { connectNode } from '@/lib/postgres/node-connection';
import { SECRET_NAMES } from '@/lib/postgres/roles';
import { generatePassword } from '@/lib/secrets/generate';
import { masker } from '@/lib/secrets/mask';
import { validateTopology, type Topology, type ValidationIssue } from '@/lib/topology';
import { fromZodIssues } from '@/lib/topology/zod-issues';
import { DATABASE_SQL, INVENTORY_SETTINGS, parseInventory, SERVER_SQL, type NodeInventory } from '@/lib/adopt/inventory';
import { importSchema, importShapeIssues, proposeTopology, type ImportRequest } from '@/lib/adopt/propose';
import { splitSshSecrets, withKeptSshSecrets } from './ssh-secrets';

/** The import stopped before anything was saved: every problem at its field path. */
export class ImportError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ImportError';
  }
}

const CONNECT_MS = 5_000;
const STATEMENT_MS = 30_000;

/** Why a connection failed, said at the field the user can fix. */
function connectIssue(r: ImportRequest, i: number, err: unknown): ValidationIssue {
  const n = r.nodes[i] as ImportRequest['nodes'][number];
  const e = err as { code?: string; message?: string };
  const message = (e.message ?? String(err)).split('\n')[0] as string;
  const where = r.provider === 'local' ? `127.0.0.1:${n.port}` : `${n.address}:${n.port} (through SSH)`;
  if (e.code === '28P01' || e.code === '28000') return { path: 'login', message: `${n.name} refused the login as ${r.login?.user ?? 'postgres'}: ${message}; give the superuser and its password under login` };
  if (e.code === '3D000') return { path: 'database', message: `${n.name}: ${message}` };
  if (e.code === '42501') return { path: 'login.user', message: `${n.name}: ${r.login?.user ?? 'postgres'} may not read the catalogs (${message}); log in as a superuser` };
  return { path: `nodes.${i}.port`, message: `nothing answers as PostgreSQL at ${where}: ${message}; start the server or correct the port` };
}

/** Why an SSH login failed: the host, or the login, is what to fix. */
function sshIssue(i: number, err: unknown): ValidationIssue {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] as string;
  const login = /auth|permission|password|key|host key|passphrase/i.test(message);
  return login ? { path: `nodes.${i}.ssh`, message: `SSH login failed: ${message}` } : { path: `nodes.${i}.address`, message: `cannot reach the host: ${message}` };
}

async function query<R>(c: pg.Client, sql: string, params: unknown[] = []): Promise<R> {
  return (await c.query(sql, params)).rows[0] as R;
}

/** Read one server through the node-connection module (over the executor's tunnel on SSH hosts). */
async function readNode(r: ImportRequest, i: number, executor: Executor, password: string): Promise<NodeInventory | ValidationIssue[]> {
  const n = r.nodes[i] as ImportRequest['nodes'][number];
  if (n.dataDir && (await executor.readFile(`${n.dataDir}/PG_VERSION`).catch(() => null)) === null) {
    return [{ path: `nodes.${i}.dataDir`, message: `${n.dataDir} is not a PostgreSQL data directory (it has no PG_VERSION): give the folder the server runs from (SHOW data_directory)` }];
  }
  let endpoint: { host: string; port: number };
  try {
    const tunnel = await executor.openTunnel(n.port);
    endpoint = { host: tunnel.host, port: tunnel.port };
  } catch (err) {
    return [sshIssue(i, err)];
  }
  const user = r.login?.user ?? 'postgres';
  const database = r.database ?? 'postgres';
  const open = (db: string) => connectNode({ ...endpoint, user, password }, { database: db, purpose: 'pgcascade-import', connectTimeoutMs: CONNECT_MS, statementTimeoutMs: STATEMENT_MS });
  let c: pg.Client;
  try {
    c = await open('postgres');
  } catch (err) {
    return [connectIssue(r, i, err)];
  }
  try {
    const server = await query<Parameters<typeof parseInventory>[1]>(c, SERVER_SQL, [[...INVENTORY_SETTINGS]]);
    if (n.dataDir && server.data_directory.replace(/\/+$/, '') !== n.dataDir.replace(/\/+$/, '')) {
      return [{ path: `nodes.${i}.dataDir`, message: `the server on port ${n.port} runs from ${server.data_directory}, not ${n.dataDir}: give its own data directory or its own port` }];
    }
    if (!server.databases.includes(database)) return parseInventory(n.name, server, null);
    await c.end().catch(() => undefined);
    c = await open(database);
    return parseInventory(n.name, server, await query<Parameters<typeof parseInventory>[2] & object>(c, DATABASE_SQL));
  } catch (err) {
    return [connectIssue(r, i, err)];
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface ImportResult {
  id: string;
  /** The proposed topology, secrets masked: `POST /api/clusters/:id/apply` with it changes nothing. */
  topology: Topology;
  inventory: NodeInventory[];
  notes: string[];
}

/**
 * Adopt servers that already run: read what runs there, propose the topology that describes exactly that, and save
 * the cluster with it. Nothing changes on any host; bad input stops the import before anything is saved.
 */
export async function importCluster(input: unknown): Promise<ImportResult> {
  const parsed = importSchema.safeParse(input);
  if (!parsed.success) throw new ImportError(fromZodIssues(parsed.error.issues));
  const r = parsed.data;
  const shape = importShapeIssues(r);
  const db = await getDb();
  const refs = r.nodes.flatMap((n, i) => (n.ssh?.credentialId ? [{ i, id: n.ssh.credentialId }] : []));
  const missing = new Set(await missingCredentials(db, refs.map((x) => x.id)));
  shape.push(...refs.filter((x) => missing.has(x.id)).map((x) => ({ path: `nodes.${x.i}.ssh.credentialId`, message: `no stored credential has the id ${x.id}` })));
  if (shape.length > 0) throw new ImportError(shape);

  // Only the nodes (and their SSH logins) matter for reaching the hosts.
  const reach = { name: r.name, provider: r.provider, postgresVersion: 15, database: r.database ?? 'postgres', tables: [], publications: [], subscriptions: [], standbys: [], nodes: r.nodes.map((n) => ({ name: n.name, port: n.port, ...(n.address ? { address: n.address } : {}), ...(n.ssh ? { ssh: n.ssh } : {}) })) } as Topology;
  const { secrets: ssh } = splitSshSecrets(reach);
  const password = r.login?.password ?? '';
  const mask = masker([...Object.values(ssh), ...(password ? [password] : [])]);
  const factory = r.provider === 'local' ? () => new LocalExecutor(mask) : await executorFactory(db, splitSshSecrets(reach).topology, ssh, mask);
  const executors = r.nodes.map((n) => factory(n.name));
  let read: Array<NodeInventory | ValidationIssue[]>;
  try {
    read = await Promise.all(r.nodes.map((_, i) => readNode(r, i, executors[i] as Executor, password)));
  } finally {
    await Promise.all(executors.map((e) => e.close().catch(() => undefined)));
  }
  const issues = read.flatMap((x) => (Array.isArray(x) ? x : []));
  if (issues.length > 0) throw new ImportError(issues);
  const inventory = read as NodeInventory[];

  const proposed = proposeTopology(r, inventory);
  if ('issues' in proposed) throw new ImportError(proposed.issues);
  const valid = validateTopology(proposed.proposal.topology);
  if (!valid.ok) throw new ImportError(valid.errors);

  const id = randomUUID();
  const { topology: saved, secrets } = splitSshSecrets(valid.topology);
  await insertCluster(db, { id, topology: saved });
  await storeSecrets(db, id, { ...Object.fromEntries(SECRET_NAMES.map((name) => [name, generatePassword(32)])), ...secrets, superuser_password: password });
  return { id, topology: withKeptSshSecrets(saved, Object.keys(secrets)), inventory, notes: proposed.proposal.notes };
}
