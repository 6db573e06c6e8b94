import 'server-only';
import pg from 'pg';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { recentAlerts } from '@/lib/db/repositories/monitoring';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { nodeFiles } from '@/lib/plan/layout';
import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { identifierSchema, type Topology } from '@/lib/topology/schema';
import { applyFailures } from './apply-failures';
import { replicaIdentityDiagnoses } from './table-diagnoses';
import { nodeAccess, type NodeAccess } from './endpoints';
import { requireCluster } from './service';

export type DiagnosisAction =
  | { kind: 'skip-transaction'; node: string; subscription: string; lsn: string }
  | { kind: 'disable-subscription' | 'enable-subscription'; node: string; subscription: string };

export interface Diagnosis {
  id: string;
  node?: string;
  title: string;
  meaning: string;
  fix: string[];
  action?: DiagnosisAction;
}

const LOG_TAIL_BYTES = 256 * 1024;

async function withClient<T>(
  access: NodeAccess,
  node: string,
  database: string,
  work: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const { host, port } = await access.endpoint(node);
  const c = new pg.Client({
    host,
    port,
    user: access.user,
    password: access.password,
    database,
    connectionTimeoutMillis: 10_000,
    application_name: 'pgcascade-diagnose',
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return await work(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A failing subscription, explained from its node's server log: the error, the conflicting key, and the skip. */
async function applyFailureDiagnoses(
  t: Topology,
  access: NodeAccess,
  logFile: string,
  node: string,
  failing: string[],
): Promise<Diagnosis[]> {
  return withClient(access, node, t.database, async (c) => {
    const subs = (
      await c.query<{ origin: string; subname: string }>(
        "SELECT 'pg_' || oid AS origin, subname FROM pg_subscription WHERE subname = ANY ($1)",
        [failing],
      )
    ).rows;
    const tail = await c.query<{ text: string | null }>(
      'SELECT pg_read_file($1, greatest(0, coalesce((pg_stat_file($1, true)).size, 0) - $2), $2, true) AS text',
      [logFile, LOG_TAIL_BYTES],
    );
    const failures = applyFailures(tail.rows[0]?.text ?? '');
    return subs.flatMap(({ origin, subname }): Diagnosis[] => {
      const f = failures.get(origin);
      if (!f) return [];
      const skip = `ALTER SUBSCRIPTION ${quoteIdent(subname)} SKIP (lsn = ${quoteLiteral(f.finishLsn)})`;
      const duplicate = /duplicate key/.test(f.message);
      return [
        {
          id: duplicate ? 'apply-duplicate-key' : 'apply-failing',
          node,
          title: `${subname} on ${node} keeps failing: ${f.message}${f.detail ? ` (${f.detail})` : ''}`,
          meaning: duplicate
            ? `${node} already holds a row that ${f.relation} receives from the publisher (written on ${node} directly, or copied twice). The apply worker retries the same remote transaction ${f.transaction} every few seconds and nothing after it arrives.`
            : `The apply worker fails on remote transaction ${f.transaction} for ${f.relation || 'a table'} and retries it; nothing after it arrives.`,
          fix: [
            duplicate
              ? `Either remove the conflicting row on ${node} (${f.detail ?? 'see the key above'}) and let the worker retry,`
              : 'Fix the cause shown above and let the worker retry,',
            `or skip that remote transaction (its changes are lost on ${node} only): ${skip};`,
            `or stop retrying until you decide: ALTER SUBSCRIPTION ${quoteIdent(subname)} DISABLE.`,
          ],
          action: { kind: 'skip-transaction', node, subscription: subname, lsn: f.finishLsn },
        },
      ];
    });
  });
}

const ALERT_HELP: Array<[RegExp, string, string[]]> = [
  [
    /^node-down:/,
    'The panel cannot reach this node: its PostgreSQL is stopped, crashed, or its host or port is unreachable.',
    [
      "Start it (pg_ctlcluster 15 main start, or the panel's Re-apply), then read its server log for why it stopped.",
    ],
  ],
  [
    /^standby-not-streaming:/,
    'The standby is not receiving WAL from its upstream; it serves older and older data.',
    [
      "Check that the upstream runs and that the standby can reach it (pg_isready -h <upstream> -p <port> on the standby), then read the standby's log.",
    ],
  ],
  [
    /^slot-inactive:/,
    'Nobody consumes this replication slot, so the upstream keeps every WAL file from its restart_lsn on; the disk fills up until max_slot_wal_keep_size (if set) invalidates the slot.',
    [
      'Bring its consumer back (start the standby or enable the subscription),',
      "or, if it is gone for good, drop the slot: SELECT pg_drop_replication_slot('<slot>').",
    ],
  ],
  [
    /^slot-retained:/,
    'The slot holds more WAL than the threshold: its consumer lags or is gone.',
    ['Bring the consumer back or drop the slot; see the retained bytes and wal_status in the slots table.'],
  ],
  [
    /^subscription-disabled:/,
    'The subscription is disabled: no changes arrive from its publisher.',
    ['ALTER SUBSCRIPTION <name> ENABLE, or the button.'],
  ],
  [
    /^lag:/,
    'This edge is behind by more than the threshold.',
    ['Look for long transactions or heavy writes on the publisher, and for an apply worker that is failing.'],
  ],
];

/** What is wrong with a live cluster, each with what it means and the exact fix. */
export async function clusterDiagnoses(clusterId: string): Promise<Diagnosis[]> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const open = (await recentAlerts(await getDb(), clusterId, 200)).filter((a) => a.clearedAt === null);
  const out: Diagnosis[] = [];
  const failing = new Map<string, string[]>();
  for (const a of open) {
    const m = /^subscription-(erroring|disabled):([^/]+)\/(.+)$/.exec(a.key);
    if (m?.[1] === 'erroring') failing.set(m[2]!, [...(failing.get(m[2]!) ?? []), m[3]!]);
    if (m?.[1] === 'disabled') {
      out.push({
        id: 'subscription-disabled',
        node: m[2]!,
        title: a.message,
        meaning: ALERT_HELP[4]![1],
        fix: [`ALTER SUBSCRIPTION ${quoteIdent(m[3]!)} ENABLE`],
        action: { kind: 'enable-subscription', node: m[2]!, subscription: m[3]! },
      });
      continue;
    }
    if (m) continue;
    const help = ALERT_HELP.find(([re]) => re.test(a.key));
    if (help)
      out.push({
        id: a.key.split(':')[0]!,
        node: a.key.split(':')[1]?.split('/')[0],
        title: a.message,
        meaning: help[1],
        fix: help[2],
      });
  }
  const access = await nodeAccess(clusterId, t, 'superuser');
  out.push(
    ...(await tableDiagnoses(
      t,
      access,
      new Set(
        open.filter((a) => a.key.startsWith('node-down:')).map((a) => a.key.slice('node-down:'.length)),
      ),
    )),
  );
  if (failing.size > 0) {
    const layout = await discoverLayout(t, clusterId);
    for (const [node, subs] of failing) {
      const found: Diagnosis[] = await applyFailureDiagnoses(
        t,
        access,
        nodeFiles(layout, node).logFile,
        node,
        subs,
      ).catch((err: Error) => [
        {
          id: 'apply-failing',
          node,
          title: `${subs.join(', ')} on ${node} keep failing`,
          meaning: `The server log could not be read (${access.mask(err.message)}).`,
          fix: [`Read ${nodeFiles(layout, node).logFile} on ${node}.`],
        },
      ]);
      out.push(...found);
      for (const sub of subs.filter((s) => !found.some((d) => d.action?.subscription === s))) {
        out.push({
          id: 'apply-failing',
          node,
          title: `${sub} on ${node} is failing`,
          meaning: 'Its apply worker does not run; no error was found in the last part of the server log.',
          fix: [`Read the server log on ${node}.`],
          action: { kind: 'disable-subscription', node, subscription: sub },
        });
      }
    }
  }
  return out;
}

/** Published tables without a replica identity, on every publisher that answers. */
async function tableDiagnoses(t: Topology, access: NodeAccess, down: Set<string>): Promise<Diagnosis[]> {
  const publishers = [...new Set(t.publications.map((p) => p.node))].filter((n) => !down.has(n));
  const perNode = await Promise.all(
    publishers.map((node) =>
      withClient(access, node, t.database, (c) => replicaIdentityDiagnoses(c, node)).catch(() => []),
    ),
  );
  return perNode.flat();
}

export const subscriptionActionSchema = z.strictObject({
  node: identifierSchema,
  subscription: identifierSchema,
  action: z.enum(['skip', 'disable', 'enable']),
  lsn: z
    .string()
    .regex(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/, 'must be an LSN such as 0/3058F88')
    .optional(),
});

/** Skip one failing remote transaction, or disable/enable a subscription of the cluster. */
export async function subscriptionAction(
  clusterId: string,
  input: z.infer<typeof subscriptionActionSchema>,
): Promise<{ ok: true; message: string } | { ok: false; path: string; message: string }> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  if (!t.subscriptions.some((s) => s.node === input.node && s.name === input.subscription))
    return {
      ok: false,
      path: 'subscription',
      message: `${input.node} has no subscription ${input.subscription} in this cluster`,
    };
  if (input.action === 'skip' && !input.lsn)
    return { ok: false, path: 'lsn', message: 'skip needs the LSN of the failing transaction' };
  const name = quoteIdent(input.subscription);
  const sql =
    input.action === 'skip'
      ? `ALTER SUBSCRIPTION ${name} SKIP (lsn = ${quoteLiteral(input.lsn!)})`
      : `ALTER SUBSCRIPTION ${name} ${input.action === 'enable' ? 'ENABLE' : 'DISABLE'}`;
  await withClient(await nodeAccess(clusterId, t, 'superuser'), input.node, t.database, (c) => c.query(sql));
  return { ok: true, message: `${input.node}: ${sql}` };
}
