import 'server-only';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { latestStatus, recentAlerts } from '@/lib/db/repositories/monitoring';
import { diagnoseSnapshot, isRunnable, latestApplyFailures, type Diagnosis, type RunnableAction } from '@/lib/diagnose';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { nodeFiles } from '@/lib/plan/layout';
import { quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { identifierSchema, type Topology } from '@/lib/topology/schema';
import { replicaIdentityDiagnoses } from './table-diagnoses';
import { hbaDiagnoses } from './hba-diagnoses';
import { nodeAccess, type NodeAccess } from './endpoints';
import { withNode } from './node-client';
import { requireCluster } from './service';

const LOG_TAIL_BYTES = 256 * 1024;

/** The last part of a node's server log, read as the superuser through pg_read_file (no SSH, no sudo). */
async function logTail(access: NodeAccess, node: string, database: string, logFile: string): Promise<string> {
  return withNode(access, node, database, async (c) => {
    const r = await c.query<{ text: string | null }>(
      'SELECT pg_read_file($1, greatest(0, coalesce((pg_stat_file($1, true)).size, 0) - $2), $2, true) AS text',
      [logFile, LOG_TAIL_BYTES],
    );
    return r.rows[0]?.text ?? '';
  });
}

/**
 * What is wrong with a live cluster, each with what it means and the exact fix: the catalogue (lib/diagnose) over
 * the latest sample, with failing subscriptions explained from their node's server log (error, conflicting key,
 * the finish LSN to skip), plus published tables without a replica identity.
 */
export async function clusterDiagnoses(clusterId: string): Promise<Array<Omit<Diagnosis, 'action'> & { action?: RunnableAction }>> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const db = await getDb();
  const status = await latestStatus(db, clusterId);
  if (!status) return [];
  const open = (await recentAlerts(db, clusterId, 200)).filter((a) => a.clearedAt === null);
  const failing = new Set(
    open
      .map((a) => /^subscription-erroring:(.+)$/.exec(a.key)?.[1])
      .filter((k): k is string => k !== undefined),
  );
  const layout = await discoverLayout(t, clusterId);
  const logFile = (node: string) => nodeFiles(layout, node).logFile;
  const access = await nodeAccess(clusterId, t, 'superuser');
  const troubled = [
    ...new Set(
      status.snapshot.subscriptions
        .filter((s) => s.enabled === false || !s.workerRunning || failing.has(`${s.node}/${s.name}`))
        .map((s) => s.node),
    ),
  ];
  const down = new Set(status.snapshot.nodes.filter((n) => !n.up).map((n) => n.name));
  const applyFailures = Object.fromEntries(
    await Promise.all(
      troubled
        .filter((n) => !down.has(n))
        .map(
          async (node) =>
            [
              node,
              latestApplyFailures(await logTail(access, node, t.database, logFile(node)).catch(() => '')),
            ] as const,
        ),
    ),
  );
  const found = [
    ...diagnoseSnapshot(status.snapshot, { applyFailures, logFile, failing }),
    ...(await tableDiagnoses(t, access, down)),
    ...(await accessDiagnoses(t, access, down)),
  ];
  // An action is offered only when it names everything the action endpoint needs.
  return found.map(({ action, ...d }) => (action && isRunnable(action) ? { ...d, action } : d));
}

/** Published tables without a replica identity, on every publisher that answers. */
async function tableDiagnoses(t: Topology, access: NodeAccess, down: Set<string>): Promise<Diagnosis[]> {
  const publishers = [...new Set(t.publications.map((p) => p.node))].filter((n) => !down.has(n));
  const perNode = await Promise.all(
    publishers.map((node) =>
      withNode(access, node, t.database, (c) => replicaIdentityDiagnoses(c, node)).catch(() => []),
    ),
  );
  return perNode.flat();
}

/** Access lines weaker than SCRAM, on every managed node that answers. */
async function accessDiagnoses(t: Topology, access: NodeAccess, down: Set<string>): Promise<Diagnosis[]> {
  const nodes = t.nodes.map((n) => n.name).filter((n) => !down.has(n));
  const perNode = await Promise.all(nodes.map((node) => withNode(access, node, t.database, (c) => hbaDiagnoses(c, node)).catch(() => [])));
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
  await withNode(await nodeAccess(clusterId, t, 'superuser'), input.node, t.database, (c) => c.query(sql));
  return { ok: true, message: `${input.node}: ${sql}` };
}
