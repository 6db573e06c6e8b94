import 'server-only';
import { getDb } from '@/lib/db/client';
import { saveDrift, type DriftCheck } from '@/lib/db/repositories/drift';
import { activeJobId } from '@/lib/db/repositories/jobs';
import { listClusters } from '@/lib/db/repositories/clusters';
import { detectDrift } from '@/lib/drift';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { compilePlan, type Plan } from '@/lib/plan';
import { compileReconcilePlan } from '@/lib/plan/reconcile';
import { nodeAccess } from './endpoints';
import { enqueue, refuseAfterUnfinishedTakeover, requireCluster, unsettledTopologies } from './service';
import { withLiveNodes } from './live-plan';
import { ensureTlsSecrets } from './tls-secrets';
import { ownsMonitorLease } from '@/lib/monitor/leases';

/** Compare every node with the plan of its topology (the steps' own reads and diffs); saved for the cluster page. */
export async function checkDrift(clusterId: string): Promise<DriftCheck & { plan: Plan }> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const layout = await discoverLayout(t, clusterId);
  const plan = compilePlan(t, { layout }, { previous: await unsettledTopologies(clusterId, t) });
  let check: DriftCheck;
  try {
    const drift = await withLiveNodes(clusterId, t, plan, (nodes, secrets) => detectDrift(plan, nodes, secrets));
    const access = await nodeAccess(clusterId, t, 'superuser');
    check = { checkedAt: new Date(), drift: drift.map((d) => ({ ...d, what: access.mask(d.what), expected: access.mask(d.expected), actual: access.mask(d.actual) })), error: null };
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
export async function reconcile(clusterId: string, options: { confirmDestructive?: boolean } = {}): Promise<{ jobId: string } | null> {
  await refuseAfterUnfinishedTakeover(clusterId);
  // Certificates near their end are renewed here, so the reconcile's diff sees them and writes the new ones.
  await ensureTlsSecrets(clusterId, (await requireCluster(clusterId)).topology);
  const plan = await reconcilePlan(clusterId);
  if (plan.steps.every((s) => s.kind.startsWith('check-'))) return null;
  return { jobId: await enqueue(clusterId, 'reconcile', plan, options) };
}

/** Every minute: check each ready cluster this process samples that has no job in progress (a running apply shows passing drift). */
export function startDriftWatch(intervalMs = Number(process.env.PGCASCADE_DRIFT_INTERVAL_MS || 60_000)): () => void {
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
