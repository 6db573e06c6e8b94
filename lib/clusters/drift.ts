import 'server-only';
import pg from 'pg';
import { getDb } from '@/lib/db/client';
import { saveDrift, type DriftCheck } from '@/lib/db/repositories/drift';
import { activeJobId } from '@/lib/db/repositories/jobs';
import { listClusters } from '@/lib/db/repositories/clusters';
import { collectLiveNode, detectDrift, type LiveNode } from '@/lib/drift';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { compilePlan, type Plan } from '@/lib/plan';
import { compileReconcilePlan } from '@/lib/plan/reconcile';
import { nodeFiles } from '@/lib/plan/layout';
import { ownsMonitorLease } from '@/lib/monitor/leases';
import { nodeAccess, type NodeAccess } from './endpoints';
import { enqueue, refuseAfterUnfinishedTakeover, requireCluster } from './service';

const NODE_TIMEOUT_MS = 10_000;

/** Read one node as the superuser; files through pg_read_file on the same connection (no SSH, no sudo). */
async function readNode(
  access: NodeAccess,
  node: string,
  database: string,
  files: ReturnType<typeof nodeFiles>,
): Promise<LiveNode> {
  const clients = new Map<string, pg.Client>();
  let closed = false;
  const client = async (db: string) => {
    // Work that outlives the timeout must not open connections nobody ends.
    if (closed) throw new Error('drift read timed out');
    let c = clients.get(db);
    if (!c) {
      const { host, port } = await access.endpoint(node);
      c = new pg.Client({
        host,
        port,
        user: access.user,
        password: access.password,
        database: db,
        connectionTimeoutMillis: NODE_TIMEOUT_MS,
        application_name: 'pgcascade-drift',
      });
      c.on('error', () => undefined);
      clients.set(db, c);
      await c.connect();
    }
    return c;
  };
  const work = collectLiveNode(
    {
      query: async (sql, params, db) => (await (await client(db)).query(sql, params)).rows,
      readFile: async (path) =>
        (
          await (
            await client('postgres')
          ).query<{ text: string | null }>('SELECT pg_read_file($1, 0, 10485760, true) AS text', [path])
        ).rows[0]?.text ?? null,
    },
    files,
    database,
  );
  const timeout = new Promise<LiveNode>((resolve) =>
    setTimeout(
      () => resolve({ up: false, error: `no answer within ${NODE_TIMEOUT_MS / 1000} s` }),
      NODE_TIMEOUT_MS,
    ),
  );
  try {
    const live = await Promise.race([work, timeout]);
    if (live.up) return live;
    // The collector reports its own failures as "down": forget the node's tunnel and mask what it says.
    access.reset(node);
    return { up: false, error: access.mask(live.error) };
  } catch (err) {
    access.reset(node);
    return { up: false, error: access.mask((err as Error).message) };
  } finally {
    closed = true;
    await Promise.all([...clients.values()].map((c) => c.end().catch(() => undefined)));
  }
}

/** Compare every node with the plan of its topology; saved for the cluster page. */
export async function checkDrift(clusterId: string): Promise<DriftCheck & { plan: Plan }> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const layout = await discoverLayout(t, clusterId);
  const plan = compilePlan(t, { layout });
  let check: DriftCheck;
  try {
    const access = await nodeAccess(clusterId, t, 'superuser');
    const live = Object.fromEntries(
      await Promise.all(
        t.nodes.map(
          async (n) =>
            [n.name, await readNode(access, n.name, t.database, nodeFiles(layout, n.name))] as const,
        ),
      ),
    );
    check = { checkedAt: new Date(), drift: detectDrift(plan, live), error: null };
  } catch (err) {
    check = { checkedAt: new Date(), drift: [], error: (err as Error).message.slice(0, 500) };
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
export async function reconcile(clusterId: string): Promise<{ jobId: string } | null> {
  await refuseAfterUnfinishedTakeover(clusterId);
  const plan = await reconcilePlan(clusterId);
  if (plan.steps.every((s) => s.kind.startsWith('check-'))) return null;
  return { jobId: await enqueue(clusterId, 'reconcile', plan) };
}

/** Every minute: check each ready cluster this process samples that has no job in progress (a running apply shows passing drift). */
export function startDriftWatch(
  intervalMs = Number(process.env.PGCASCADE_DRIFT_INTERVAL_MS || 60_000),
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      const db = await getDb();
      for (const c of await listClusters(db)) {
        // Only the clusters this process samples: with several processes, each cluster is checked by one of them.
        if (c.status !== 'ready' || !ownsMonitorLease(c.id) || (await activeJobId(db, c.id))) continue;
        await checkDrift(c.id).catch((err: Error) =>
          console.error('pgcascade: drift check failed', c.id, err.message),
        );
      }
    })()
      .catch((err: Error) => console.error('pgcascade: drift watch failed', err.message))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
