import 'server-only';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { compileTakeoverPlan, type TakeoverOptions } from '@/lib/plan/failover';
import type { TakeoverMode } from '@/lib/plan/steps/failover';
import type { ValidationIssue } from '@/lib/topology/schema';
import { getDb } from '@/lib/db/client';
import { listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { rebuildAsStandby } from '@/lib/topology/promote';
import { applyCluster, enqueue, requireCluster } from './service';

/** Queue a failover or switchover of a standby over its upstream; refused (with the reason) when the topology does not allow it. */
export async function takeOver(
  id: string,
  promote: string,
  mode: TakeoverMode,
  options: TakeoverOptions = {},
): Promise<{ ok: true; jobId: string; replaced: string } | { ok: false; issues: ValidationIssue[] }> {
  const cluster = await requireCluster(id);
  const layout = await discoverLayout(cluster.topology, id);
  const compiled = compileTakeoverPlan(cluster.topology, { layout }, promote, mode, options);
  if (!compiled.ok) return compiled;
  return { ok: true, jobId: await enqueue(id, mode, compiled.plan), replaced: compiled.replaced };
}

export interface RetiredNode {
  node: string;
  /** The node that replaced it, which it would stream from. */
  upstream: string;
  jobId: string;
}

/** Nodes that left the cluster in a takeover and can come back as the standby of the node that replaced them. */
export async function retiredNodes(id: string): Promise<RetiredNode[]> {
  const cluster = await requireCluster(id);
  const has = (name: string) => cluster.topology.nodes.some((n) => n.name === name);
  const out: RetiredNode[] = [];
  for (const job of await listJobsOfCluster(await getDb(), id)) {
    const t = job.plan.takeover;
    if (!t || job.status !== 'succeeded' || out.some((o) => o.node === t.replaced.name)) continue;
    if (!has(t.replaced.name) && has(t.promoted))
      out.push({ node: t.replaced.name, upstream: t.promoted, jobId: job.id });
  }
  return out;
}

/** Queue an apply that adds a retired node back as the standby of the node that replaced it (a fresh clone). */
export async function rebuildRetired(
  id: string,
  node: string,
): Promise<{ ok: true; jobId: string } | { ok: false; issues: ValidationIssue[] }> {
  const cluster = await requireCluster(id);
  const job = (await listJobsOfCluster(await getDb(), id)).find(
    (j) => j.status === 'succeeded' && j.plan.takeover?.replaced.name === node,
  );
  const takeover = job?.plan.takeover;
  if (!takeover)
    return {
      ok: false,
      issues: [{ path: 'node', message: `${node} did not leave this cluster in a failover or switchover` }],
    };
  const next = rebuildAsStandby(cluster.topology, takeover.replaced, takeover.promoted, takeover.walArchive);
  if (!next.ok) return next;
  // A rebuild is the user's own request for a fresh clone: that, and the restart its upstream may need to archive
  // WAL, are what they asked for.
  return { ok: true, ...(await applyCluster(id, next.topology, { confirmDestructive: true })) };
}
