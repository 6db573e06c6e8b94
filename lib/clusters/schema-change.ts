import 'server-only';
import { compileSchemaChange } from '@/lib/plan/schema-change';
import { destructiveSteps, DestructiveChangeError } from '@/lib/plan/destructive';
import type { Plan } from '@/lib/plan';
import type { SchemaChangeRequest } from '@/lib/topology/schema-change-request';
import type { ValidationIssue } from '@/lib/topology/schema';
import { getDb } from '@/lib/db/client';
import { secretNames } from '@/lib/db/repositories/secrets';
import { enqueue, refuseAfterUnfinishedTakeover, requireCluster } from './service';
import { splitSshSecrets, withKeptSshSecrets } from './ssh-secrets';

export type SchemaChangeOutcome =
  | { ok: true; plan: Plan; order: string[]; kind: 'additive' | 'removing'; jobId?: string }
  | { ok: false; issues: ValidationIssue[] };

/**
 * Plan a schema change against the saved topology and, unless `dryRun`, queue it as a job. A removing change
 * (DROP …) runs only with `confirmDestructive`; the topology with its published tables is saved when the job succeeds.
 */
export async function changeSchema(clusterId: string, request: SchemaChangeRequest, options: { dryRun?: boolean; confirmDestructive?: boolean } = {}): Promise<SchemaChangeOutcome> {
  const { topology } = await requireCluster(clusterId);
  // Checked as the API shows it (the SSH secrets the cluster keeps as ********), saved again without them.
  const compiled = compileSchemaChange(withKeptSshSecrets(topology, await secretNames(await getDb(), clusterId)), request);
  if (!compiled.ok) return compiled;
  const plan = compiled.plan.topology ? { ...compiled.plan, topology: splitSshSecrets(compiled.plan.topology).topology } : compiled.plan;
  const answer = { ok: true as const, plan, order: compiled.order, kind: compiled.kind };
  if (options.dryRun) return answer;
  await refuseAfterUnfinishedTakeover(clusterId);
  const destructive = destructiveSteps(plan);
  if (destructive.length > 0 && !options.confirmDestructive) throw new DestructiveChangeError(destructive);
  return { ...answer, jobId: await enqueue(clusterId, 'schema-change', plan) };
}
