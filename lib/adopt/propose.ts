import { z } from 'zod';
import { identifierSchema, portSchema, sshSchema, type TopologyInput, type ValidationIssue } from '@/lib/topology/schema';
import { parseConninfo } from '@/lib/postgres/conninfo';
import type { NodeInventory } from './inventory';

const loginSchema = z.strictObject({
  user: z.string().min(1).max(63).regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a role name'),
  password: z.string().max(1_000).optional(),
});

/** `POST /api/clusters/import`: servers that already run, and how to log in to them. */
export const importSchema = z.strictObject({
  name: z.string().min(1, 'a cluster needs a name').max(100).regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'use letters, digits, space, _ . -'),
  provider: z.enum(['local', 'ssh']),
  /** The database whose tables are replicated (default `postgres`). */
  database: identifierSchema.optional(),
  /** The PostgreSQL superuser the panel logs in as (default `postgres` with no password). */
  login: loginSchema.optional(),
  nodes: z
    .array(
      z.strictObject({
        name: identifierSchema,
        port: portSchema,
        address: z.string().max(253).regex(/^[A-Za-z0-9.:-]+$/, 'must be an IP address or host name').optional(),
        ssh: sshSchema.optional(),
        dataDir: z.string().max(1000).regex(/^\/[A-Za-z0-9_./-]*$/, 'must be an absolute path').optional(),
      }),
    )
    .min(1, 'import at least one server')
    .max(100),
});

export type ImportRequest = z.infer<typeof importSchema>;

/** What each provider needs of a node, and names used once: every problem with its field path. */
export function importShapeIssues(r: ImportRequest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  r.nodes.forEach((n, i) => {
    const first = seen.get(n.name);
    if (first !== undefined) issues.push({ path: `nodes.${i}.name`, message: `${n.name} is already nodes.${first}; give each server its own name` });
    else seen.set(n.name, i);
    if (r.provider === 'local' && !n.dataDir) issues.push({ path: `nodes.${i}.dataDir`, message: 'a local server is named by its data directory: give dataDir' });
    if (r.provider === 'ssh' && !n.address) issues.push({ path: `nodes.${i}.address`, message: 'an SSH host needs its address' });
    if (r.provider === 'ssh' && !n.ssh) issues.push({ path: `nodes.${i}.ssh`, message: 'an SSH host needs its login (user and a key or password)' });
  });
  return issues;
}


const isIdentifier = (s: string) => /^[a-z_][a-z0-9_]{0,62}$/.test(s);
const isPgcascadeOwn = (s: string) => s.startsWith('pgcascade_');
const LOCAL_HOSTS = new Set(['', '127.0.0.1', 'localhost', '::1']);

/** The imported node a conninfo (a subscription's, a standby's primary_conninfo) points at. */
function nodeAt(r: ImportRequest, conninfo: string): string | undefined {
  const c = parseConninfo(conninfo);
  const host = c.host ?? c.hostaddr ?? '';
  const port = Number(c.port ?? 5432);
  return r.nodes.find((n) => n.port === port && (r.provider === 'local' ? LOCAL_HOSTS.has(host) || host.startsWith('/') : n.address === host))?.name;
}

export interface Proposal {
  topology: TopologyInput;
  /** What runs there and is not in the topology, and why (shown with the import). */
  notes: string[];
}

/**
 * The topology that describes exactly what runs: the servers, the database, its publications, the subscriptions
 * and standbys between the imported servers, every one marked adopted. Problems that stop the import come back as
 * issues at their field paths.
 */
export function proposeTopology(r: ImportRequest, inventories: NodeInventory[]): { proposal: Proposal } | { issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const notes: string[] = [];
  const database = r.database ?? 'postgres';
  const inv = (name: string) => inventories.find((i) => i.node === name) as NodeInventory;
  const majors = new Set(inventories.map((i) => i.majorVersion));
  const version = inventories[0]?.majorVersion ?? 0;
  if (majors.size > 1) r.nodes.forEach((n, i) => inv(n.name).majorVersion !== version && issues.push({ path: `nodes.${i}`, message: `${n.name} runs PostgreSQL ${inv(n.name).majorVersion}, ${r.nodes[0]?.name} runs ${version}: import servers of one major version together` }));
  if (version < 13 || version > 18) issues.push({ path: 'nodes.0', message: `${r.nodes[0]?.name} runs PostgreSQL ${version}: pgcascade supports 13 to 18` });

  const standbys: NonNullable<TopologyInput['standbys']> = [];
  r.nodes.forEach((n, i) => {
    const me = inv(n.name);
    if (!me.inRecovery) {
      if (!me.database) issues.push({ path: 'database', message: `${n.name} has no database ${database} (it has ${me.databases.join(', ')}): name one that exists` });
      return;
    }
    const upstream = nodeAt(r, me.settings.primary_conninfo ?? '');
    if (!upstream) {
      issues.push({ path: `nodes.${i}`, message: `${n.name} is a standby of ${me.settings.primary_conninfo ? me.settings.primary_conninfo : 'an upstream it names nowhere (no primary_conninfo)'}, which is not among the servers: import its upstream with it` });
      return;
    }
    const slot = me.settings.primary_slot_name;
    standbys.push({ node: n.name, upstream, ...(slot && isIdentifier(slot) ? { slot } : {}), adopted: true });
  });

  const publications: NonNullable<TopologyInput['publications']> = [];
  const subscriptions: NonNullable<TopologyInput['subscriptions']> = [];
  for (const n of r.nodes) {
    const db = inv(n.name).database;
    if (!db || inv(n.name).inRecovery) continue;
    for (const p of db.publications) {
      if (isPgcascadeOwn(p.name)) continue;
      if (!isIdentifier(p.name)) notes.push(`${n.name}: publication ${p.name} is kept as it is but not in the topology (pgcascade names publications in lower case)`);
      else if (p.tables.length === 0) notes.push(`${n.name}: publication ${p.name} publishes no table yet; it is kept as it is, not in the topology`);
      // Existing tables are named schema.name (their columns stay on the server, not in the topology).
      else {
        const ops = p.operations.split(',').filter(Boolean) as Array<'insert' | 'update' | 'delete' | 'truncate'>;
        publications.push({ node: n.name, name: p.name, tables: [...p.tables].sort(), ...(ops.length > 0 && ops.length < 4 ? { publish: ops } : {}), adopted: true });
      }
    }
  }
  for (const n of r.nodes) {
    const db = inv(n.name).database;
    if (!db || inv(n.name).inRecovery) continue;
    for (const s of db.subscriptions) {
      const publisher = nodeAt(r, s.conninfo);
      const pubs = s.publications.filter((p) => !isPgcascadeOwn(p));
      const known = publisher !== undefined && pubs.every((p) => publications.some((x) => x.node === publisher && x.name === p));
      if (!isIdentifier(s.name) || !publisher || !known || pubs.length === 0) {
        notes.push(`${n.name}: subscription ${s.name} (${s.conninfo}) is kept as it is but not in the topology: ${publisher ? 'it reads publications not in the topology' : 'its publisher is not among the imported servers'}`);
        continue;
      }
      subscriptions.push({ node: n.name, name: s.name, publisher, publications: pubs, adopted: true });
    }
  }
  if (issues.length > 0) return { issues };

  const superuser = r.login?.user;
  const topology: TopologyInput = {
    name: r.name,
    provider: r.provider,
    postgresVersion: version,
    database,
    tables: [],
    nodes: r.nodes.map((n) => ({
      name: n.name,
      port: n.port,
      ...(r.provider === 'ssh' ? { address: n.address, ssh: n.ssh } : { dataDir: n.dataDir }),
      adopted: true,
    })),
    publications,
    subscriptions,
    standbys,
    // The panel's own role on hosts it built (postgres locally): an imported cluster's login, if another.
    ...(superuser && !(r.provider === 'local' && superuser === 'postgres') ? { superuser } : {}),
    // pgcascade's TLS is its own CA and settings on every node, and it changes no adopted server's settings.
    ...(r.provider === 'ssh' ? { tls: false } : {}),
  };
  if (r.provider === 'ssh')
    notes.push("TLS between the nodes is off (tls: false): pgcascade's TLS needs its own certificates and ssl settings on every node, and it changes no adopted server's settings; peers authenticate with scram-sha-256");
  if (r.provider === 'ssh' && !superuser) return { issues: [{ path: 'login.user', message: 'an SSH import needs the PostgreSQL superuser the panel logs in as (through the SSH tunnel, from 127.0.0.1)' }] };
  return { proposal: { topology, notes } };
}
