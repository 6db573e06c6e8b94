import type { Subscription, Topology } from '@/lib/topology/schema';
import { LOGICAL_ROLE, secretRef } from '@/lib/postgres/roles';
import { parseConninfo, tlsConninfo, tlsDifference } from '@/lib/postgres/conninfo';
import { quoteIdent, quoteLiteral, tableParts } from '@/lib/postgres/quote';
import { alterSubscriptionConnectionSql, createSubscriptionSql, enableSubscriptionSql, HEARTBEAT_TABLE, heartbeatPublication, setSubscriptionPublicationsSql, type Conninfo } from '@/lib/postgres/sql';
import { nodeAddress, nodePort } from '@/lib/plan/derive/node-facts';
import type { Layout } from '@/lib/plan/layout';
import type { Step } from '@/lib/plan/types';
import { tlsFiles } from './tls';
import { subscriptionsEnabledTogether } from './subscriptions-enabled';
import { listOf, objectModule, sameSet, sqlCommand, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'create-subscription'>;

/** How the plan says which initial copy a subscription gets, and why. */
export function initialCopyNote(sub: Subscription): string {
  if (sub.initialCopy === 'physical') return `initial copy: physical (asked for): ${sub.node} starts as a pg_basebackup clone of ${sub.publisher}, nothing is copied row by row`;
  if (sub.initialCopy === 'auto') return `initial copy: auto: physical when ${sub.publisher}'s database is at least 1 GB (read when the step runs), else row by row`;
  return 'initial copy: rows (the table-sync workers COPY each table)';
}

/** The publications a subscription carries: the first one from each publisher also carries its heartbeat. */
export function subscribedPublications(t: Topology, sub: Subscription): string[] {
  const first = t.subscriptions.find((s) => s.node === sub.node && s.publisher === sub.publisher) === sub;
  return first ? [...sub.publications, heartbeatPublication(sub.publisher)] : sub.publications;
}

/** Every table the subscription receives, as `schema.table`. */
function subscribedTables(t: Topology, sub: Subscription, publications: string[]): string[] {
  const tables = t.publications.filter((p) => p.node === sub.publisher && publications.includes(p.name)).flatMap((p) => p.tables);
  if (publications.includes(heartbeatPublication(sub.publisher))) tables.push(HEARTBEAT_TABLE);
  return [...new Set(tables.map((ref) => { const { schema, name } = tableParts(ref); return `${schema}.${name}`; }))].sort();
}

/** How the subscriber connects to its publisher (the password stays a placeholder). */
export const conninfoOf = (p: Params): Conninfo => ({
  host: p.host,
  port: p.port,
  dbname: p.database,
  user: LOGICAL_ROLE,
  password: secretRef('logical_password'),
  ...(p.tls ? tlsConninfo(p.tls.caFile) : {}),
});

function createCommands(p: Params) {
  return [
    sqlCommand(p.database, createSubscriptionSql(p.subscription, conninfoOf(p), p.publications, p.origin, p.enabledTogether ? ['enabled = false'] : [])),
    sqlCommand(p.database, `COMMENT ON SUBSCRIPTION ${quoteIdent(p.subscription)} IS ${quoteLiteral('managed by pgcascade')}`),
  ];
}

export function subscriptionStep(t: Topology, layout: Layout, sub: Subscription): Step {
  const publications = subscribedPublications(t, sub);
  const tls = tlsFiles(t, layout, sub.node);
  const params: Params = {
    kind: 'create-subscription',
    database: t.database,
    subscription: sub.name,
    publisher: sub.publisher,
    host: nodeAddress(t, sub.publisher),
    port: nodePort(t, sub.publisher),
    publications,
    tables: subscribedTables(t, sub, publications),
    ...(sub.origin ? { origin: sub.origin } : {}),
    ...(tls ? { tls: { caFile: tls.caFile } } : {}),
    ...(subscriptionsEnabledTogether(t, sub.node).includes(sub.name) ? { enabledTogether: true as const } : {}),
  };
  const heartbeat = publications.length > sub.publications.length;
  return {
    id: `${sub.node}/create-subscription/${sub.name}`,
    node: sub.node,
    kind: 'create-subscription',
    summary: `Subscribe to ${sub.publications.join(', ')} on ${sub.publisher} as ${sub.name}${heartbeat ? ' (with its heartbeat)' : ''}${sub.initialCopy ? `; ${initialCopyNote(sub)}` : ''}`,
    commands: createCommands(params),
    params,
  };
}

interface LiveSubscription {
  enabled: boolean;
  conninfo: string;
  publications: string[];
  tables: string[];
  origin: string | null;
}

const READ_SQL = `
SELECT s.subenabled AS enabled, s.subconninfo AS conninfo, s.subpublications AS publications,
       to_jsonb(s) ->> 'suborigin' AS origin,
       ARRAY(SELECT format('%s.%s', n.nspname, c.relname) FROM pg_subscription_rel r
               JOIN pg_class c ON c.oid = r.srrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE r.srsubid = s.oid ORDER BY 1) AS tables
  FROM pg_subscription s
 WHERE s.subname = $1 AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** What differs in the connection: host, port, database, user, and whether the password is the cluster's. */
function conninfoDifferences(p: Params, live: string, password: string | undefined): string[] {
  const c = parseConninfo(live);
  const out: string[] = [];
  if (c.host !== p.host || c.port !== String(p.port)) out.push(`connects to ${c.host ?? '?'}:${c.port ?? '?'}, should connect to ${p.publisher} at ${p.host}:${p.port}`);
  if (c.dbname !== p.database) out.push(`reads database ${c.dbname ?? '?'}, should read ${p.database}`);
  if (c.user !== LOGICAL_ROLE) out.push(`logs in as ${c.user ?? '?'}, should log in as ${LOGICAL_ROLE}`);
  if (password !== undefined && c.password !== password) out.push(`its password is not the cluster's current ${LOGICAL_ROLE} password`);
  const tls = tlsDifference(c, p.tls);
  if (tls) out.push(tls);
  return out;
}

export const subscription = objectModule<'create-subscription', LiveSubscription | null>({
  kind: 'create-subscription',
  async read(io, p) {
    const [row] = await io.query<Record<string, unknown>>(p.database, READ_SQL, [p.subscription]);
    if (!row) return null;
    return {
      enabled: row.enabled === true,
      conninfo: String(row.conninfo ?? ''),
      publications: (row.publications as string[] | null) ?? [],
      tables: (row.tables as string[] | null) ?? [],
      origin: row.origin === null || row.origin === undefined ? null : String(row.origin),
    };
  },
  diff(p, live, secrets): Change | null {
    if (!live) return { action: 'create', reason: `subscription ${p.subscription} is missing`, commands: createCommands(p), expected: `to ${p.publisher}: ${listOf(p.publications)}`, actual: 'missing' };
    const name = quoteIdent(p.subscription);
    const reasons: string[] = [];
    const expected: string[] = [];
    const actual: string[] = [];
    const commands = [];
    const connection = conninfoDifferences(p, live.conninfo, secrets.logical_password);
    if (connection.length > 0) {
      reasons.push(...connection);
      const c = parseConninfo(live.conninfo);
      expected.push(`${p.host}:${p.port}${p.tls ? ' (sslmode=verify-full)' : ''}`);
      actual.push(`${c.host ?? '?'}:${c.port ?? '?'}${c.sslmode ? ` (sslmode=${c.sslmode})` : ''}`);
      commands.push(sqlCommand(p.database, alterSubscriptionConnectionSql(p.subscription, conninfoOf(p))));
    }
    if (!sameSet(live.publications, p.publications)) {
      expected.push(listOf(p.publications));
      actual.push(listOf(live.publications));
      reasons.push(`subscribes to ${listOf(live.publications)}, should subscribe to ${listOf(p.publications)}`);
      // SET PUBLICATION refreshes the table list too.
      commands.push(sqlCommand(p.database, setSubscriptionPublicationsSql(p.subscription, p.publications)));
    } else if (p.tables && !sameSet(live.tables, p.tables)) {
      const added = p.tables.filter((t) => !live.tables.includes(t));
      const removed = live.tables.filter((t) => !p.tables?.includes(t));
      reasons.push(`receives ${listOf(live.tables)}; its publications now publish ${[added.length ? `${added.join(', ')} more` : '', removed.length ? `${removed.join(', ')} no more` : ''].filter(Boolean).join(' and ')}`);
      commands.push(sqlCommand(p.database, `ALTER SUBSCRIPTION ${name} REFRESH PUBLICATION`));
    }
    if (p.origin && live.origin !== null && live.origin !== p.origin) {
      reasons.push(`has origin = ${live.origin}, should have origin = ${p.origin}`);
      commands.push(sqlCommand(p.database, `ALTER SUBSCRIPTION ${name} SET (origin = ${p.origin})`));
    }
    // Enabled with the node's other subscriptions by the enable-subscriptions step, whose diff reports it.
    if (!live.enabled && !p.enabledTogether) {
      reasons.push('is disabled');
      expected.push('enabled');
      actual.push('disabled');
      commands.push(sqlCommand(p.database, enableSubscriptionSql(p.subscription)));
    }
    if (reasons.length === 0) return null;
    return { action: 'change', reason: `subscription ${p.subscription} ${reasons.join('; ')}`, commands, expected: expected.join('; '), actual: actual.join('; ') };
  },
});

type DropParams = ParamsOf<'drop-subscription'>;

/**
 * Dropped without reaching the publisher (disable, detach the slot, drop), so it works when the publisher is gone;
 * the slot on the publisher is its own drop-slot step.
 */
export function dropSubscriptionStep(node: string, database: string, name: string, publisher: string, cost: string): Step {
  const params: DropParams = { kind: 'drop-subscription', database, subscription: name, publisher };
  return {
    id: `${node}/drop-subscription/${name}`,
    node,
    kind: 'drop-subscription',
    summary: `Drop subscription ${name} (from ${publisher})`,
    commands: dropCommands(params),
    params,
    destructive: cost,
  };
}

function dropCommands(p: DropParams) {
  const name = quoteIdent(p.subscription);
  return [`ALTER SUBSCRIPTION ${name} DISABLE`, `ALTER SUBSCRIPTION ${name} SET (slot_name = NONE)`, `DROP SUBSCRIPTION ${name}`].map((sql) => sqlCommand(p.database, sql));
}

export const droppedSubscription = objectModule<'drop-subscription', boolean>({
  kind: 'drop-subscription',
  async read(io, p) {
    const databases = await io.query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [p.database]);
    if (databases.length === 0) return false;
    return (await io.query(p.database, 'SELECT 1 FROM pg_subscription WHERE subname = $1 AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())', [p.subscription])).length > 0;
  },
  diff(p, exists) {
    return exists ? { action: 'drop', reason: `subscription ${p.subscription} is no longer in the topology`, commands: dropCommands(p) } : null;
  },
});
