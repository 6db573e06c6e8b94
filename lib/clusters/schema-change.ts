import 'server-only';
import { compileSchemaChange } from '@/lib/plan/schema-change';
import { destructiveSteps, DestructiveChangeError } from '@/lib/plan/destructive';
import type { Plan } from '@/lib/plan';
import type { SchemaChangeRequest } from '@/lib/topology/schema-change-request';
import type { ValidationIssue } from '@/lib/topology/schema';
import { enqueue, refuseAfterUnfinishedTakeover, requireCluster } from './service';

export type SchemaChangeOutcome =
  | { ok: true; plan: Plan; order: string[]; kind: 'additive' | 'removing'; jobId?: string }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Plan a schema change against the saved topology and, unless `dryRun`, queue it as a job. A removing change
 * (DROP …) runs only with `confirmDestructive`; the topology with its published tables is saved when the job succeeds.
 */
export async function changeSchema(clusterId: string, request: SchemaChangeRequest, options: { dryRun?: boolean; confirmDestructive?: boolean } = {}): Promise<SchemaChangeOutcome> {
  const { topology } = await requireCluster(clusterId);
  const compiled = compileSchemaChange(topology, request);
  if (!compiled.ok) return compiled;
  const answer = { ok: true as const, plan: compiled.plan, order: compiled.order, kind: compiled.kind };
  if (options.dryRun) return answer;
  await refuseAfterUnfinishedTakeover(clusterId);
  const destructive = destructiveSteps(compiled.plan);
  if (destructive.length > 0 && !options.confirmDestructive) throw new DestructiveChangeError(destructive);
  return { ...answer, jobId: await enqueue(clusterId, 'schema-change', compiled.plan) };
}
