import 'server-only';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { compileTakeoverPlan } from '@/lib/plan/failover';
import type { TakeoverMode } from '@/lib/plan/steps/failover';
import type { ValidationIssue } from '@/lib/topology/schema';
import { enqueue, requireCluster } from './service';

/** Queue a failover or switchover of a standby over its upstream; refused (with the reason) when the topology does not allow it. */
export async function takeOver(
  id: string,
  promote: string,
  mode: TakeoverMode,
): Promise<{ ok: true; jobId: string; replaced: string } | { ok: false; issues: ValidationIssue[] }> {
  const cluster = await requireCluster(id);
  const layout = await discoverLayout(cluster.topology, id);
  const compiled = compileTakeoverPlan(cluster.topology, { layout }, promote, mode);
  if (!compiled.ok) return compiled;
  return { ok: true, jobId: await enqueue(id, mode, compiled.plan), replaced: compiled.replaced };
}
