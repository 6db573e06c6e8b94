import 'server-only';
import type pg from 'pg';
import { getDb } from '@/lib/db/client';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { refreshPlan, type DriftNode } from '@/lib/drift';
import type { NodeIo } from '@/lib/objects';
import { connectNode } from '@/lib/postgres/node-connection';
import type { Plan } from '@/lib/plan';
import type { Topology } from '@/lib/topology/schema';
import { nodeAccess, type NodeAccess } from './endpoints';
import { requireCluster } from './cluster-lookup';

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

/** Open every node a plan touches (as drift reads them), run `fn`, and close them again whatever happens. */
export async function withLiveNodes<T>(clusterId: string, t: Topology, plan: Plan, fn: (nodes: Record<string, DriftNode>, secrets: Record<string, string>, mask: (text: string) => string) => Promise<T>): Promise<T> {
  const retired = plan.retired ?? [];
  const reach = { ...t, nodes: [...t.nodes, ...retired.filter((r) => !t.nodes.some((n) => n.name === r.name))] };
  const access = await nodeAccess(clusterId, reach, 'superuser');
  const secrets = await loadSecrets(await getDb(), clusterId);
  const opened: Array<{ close: () => Promise<void> }> = [];
  try {
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
    return await Promise.race([fn(nodes, secrets, access.mask), timeout]);
  } finally {
    await Promise.all(opened.map((o) => o.close()));
  }
}

/**
 * The plan of an apply as it would run now: each object step read on its node and diffed, so the preview shows
 * which steps change nothing and exactly the commands of those that do. Nodes that do not answer stay as compiled.
 */
export async function previewAgainstLive(clusterId: string, plan: Plan): Promise<Plan> {
  const cluster = await requireCluster(clusterId);
  try {
    return await withLiveNodes(clusterId, cluster.topology, plan, async (nodes, secrets, mask) => {
      const refreshed = await refreshPlan(plan, nodes, secrets);
      return { ...refreshed, steps: refreshed.steps.map((s) => (s.live?.reason ? { ...s, live: { ...s.live, reason: mask(s.live.reason) } } : s)) };
    });
  } catch {
    return plan;
  }
}


/** The plan with every step the live diff would replace or drop marked destructive, with that diff's reason. */
export async function markLiveDestructive(clusterId: string, plan: Plan): Promise<Plan> {
  const live = await previewAgainstLive(clusterId, plan);
  const found = new Map(live.steps.filter((s) => s.live && (s.live.action === 'replace' || s.live.action === 'drop')).map((s) => [s.id, s.live?.reason ?? 'replaces a live object']));
  return { ...plan, steps: plan.steps.map((s) => (found.has(s.id) && !s.destructive ? { ...s, destructive: found.get(s.id) as string } : s)) };
}
