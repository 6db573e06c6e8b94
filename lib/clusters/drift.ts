import 'server-only';
import type pg from 'pg';
import { getDb } from '@/lib/db/client';
import { saveDrift, type DriftCheck } from '@/lib/db/repositories/drift';
import { activeJobId } from '@/lib/db/repositories/jobs';
import { listClusters } from '@/lib/db/repositories/clusters';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { detectDrift, type DriftNode } from '@/lib/drift';
import type { NodeIo } from '@/lib/objects';
import { connectNode } from '@/lib/postgres/node-connection';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { compilePlan, type Plan } from '@/lib/plan';
import { compileReconcilePlan } from '@/lib/plan/reconcile';
import { nodeAccess, type NodeAccess } from './endpoints';
import { enqueue, refuseAfterUnfinishedTakeover, requireCluster, unsettledTopologies } from './service';

const NODE_TIMEOUT_MS = 10_000;

/** A node as drift reads it: SQL as the superuser, files through pg_read_file on the same connection (no SSH, no sudo). */
async function openNode(access: NodeAccess, node: string): Promise<{ node: DriftNode; close: () => Promise<void> }> {
  const clients = new Map<string, Promise<pg.Client>>();
  const client = (database: string) => {
    let c = clients.get(database);
    if (!c) {
      c = access.endpoint(node).then((e) => connectNode({ ...e, user: access.user, password: access.password }, { database, purpose: 'pgcascade-drift', connectTimeoutMs: NODE_TIMEOUT_MS, statementTimeoutMs: NODE_TIMEOUT_MS }));
      clients.set(database, c);
    }
    return c;
  };
  const close = async () => {
    await Promise.all([...clients.values()].map((c) => c.then((x) => x.end()).catch(() => undefined)));
  };
  const query = async <R extends Record<string, unknown>>(database: string, sql: string, params?: unknown[]) => (await (await client(database)).query(sql, params)).rows as R[];
  const io: NodeIo = {
    query,
    readFile: async (path) => (await query<{ text: string | null }>('postgres', 'SELECT pg_read_file($1, 0, 10485760, true) AS text', [path]))[0]?.text ?? null,
    exists: async (path) => (await query<{ ok: boolean }>('postgres', '-- a missing file gives a row of nulls\nSELECT (pg_stat_file($1, true)).size IS NOT NULL AS ok', [path]))[0]?.ok === true,
    isRunning: async () => true,
  };
  try {
    await query('postgres', 'SELECT 1');
    return { node: { io }, close };
  } catch (err) {
    access.reset(node);
    await close();
    return { node: { error: access.mask((err as Error).message) }, close: async () => undefined };
  }
}

/** Compare every node with the plan of its topology (the steps' own reads and diffs); saved for the cluster page. */
export async function checkDrift(clusterId: string): Promise<DriftCheck & { plan: Plan }> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const layout = await discoverLayout(t, clusterId);
  const plan = compilePlan(t, { layout }, { previous: await unsettledTopologies(clusterId, t) });
  let check: DriftCheck;
  const opened: Array<{ close: () => Promise<void> }> = [];
  try {
    const access = await nodeAccess(clusterId, t, 'superuser');
    const secrets = await loadSecrets(await getDb(), clusterId);
    const names = [...new Set(plan.steps.map((s) => s.node).filter((n) => n !== '*'))];
    const nodes = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => {
          const o = await openNode(access, name);
          opened.push(o);
          return [name, o.node] as const;
        }),
      ),
    );
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${(3 * NODE_TIMEOUT_MS) / 1000} s`)), 3 * NODE_TIMEOUT_MS).unref());
    const drift = await Promise.race([detectDrift(plan, nodes, secrets), timeout]);
    check = { checkedAt: new Date(), drift: drift.map((d) => ({ ...d, what: access.mask(d.what), expected: access.mask(d.expected), actual: access.mask(d.actual) })), error: null };
  } catch (err) {
    check = { checkedAt: new Date(), drift: [], error: (err as Error).message.slice(0, 500) };
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
  await saveDrift(await getDb(), clusterId, check);
  return { ...check, plan };
}

/** The plan of only the differing steps, from a fresh check. */
export async function reconcilePlan(clusterId: string): Promise<Plan> {
  const { drift, plan } = await checkDrift(clusterId);
  return compileReconcilePlan(plan, drift);
}

/** Queue a reconcile job; null when nothing differs. */
export async function reconcile(clusterId: string, options: { confirmDestructive?: boolean } = {}): Promise<{ jobId: string } | null> {
  await refuseAfterUnfinishedTakeover(clusterId);
  const plan = await reconcilePlan(clusterId);
  if (plan.steps.every((s) => s.kind.startsWith('check-'))) return null;
  return { jobId: await enqueue(clusterId, 'reconcile', plan, options) };
}

/** Every minute: check each ready cluster that has no job in progress (a running apply shows passing drift). */
export function startDriftWatch(intervalMs = Number(process.env.PGCASCADE_DRIFT_INTERVAL_MS || 60_000)): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const db = await getDb();
      for (const c of await listClusters(db)) {
        if (c.status !== 'ready' || (await activeJobId(db, c.id))) continue;
        await checkDrift(c.id).catch((err: Error) => console.error('pgcascade: drift check failed', c.id, err.message));
      }
    })()
      .catch((err: Error) => console.error('pgcascade: drift watch failed', err.message))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
