import 'server-only';
import { z } from 'zod';
import { changeSchema } from '@/lib/clusters/schema-change';
import { maskedPlan } from '@/lib/plan';
import { schemaChangeRequestSchema } from '@/lib/topology/schema-change-request';
import type { CommandContext } from './cluster-commands';
import { HttpError } from './http-error';

export const schemaChangeOptionsSchema = z.strictObject({ dryRun: z.boolean().optional(), confirmDestructive: z.boolean().optional() }).optional();
export type SchemaChangeOptions = NonNullable<z.infer<typeof schemaChangeOptionsSchema>>;

const issuesOf = (error: z.ZodError) => error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

/**
 * `{ sql, publish? }`: plan the schema change and (unless `dryRun`) queue it. Bad input, SQL that cannot be read,
 * an unknown publication and every refused statement answer 422 with the reason at its field; nothing runs.
 */
export async function schemaChangeCommand(id: string, input: unknown, options: SchemaChangeOptions, ctx: CommandContext) {
  ctx.audit.clusterId = id;
  const parsedId = z.string().min(1).max(100).safeParse(id);
  if (!parsedId.success) throw new HttpError(422, [{ path: 'id', message: 'must be a cluster id' }]);
  const request = schemaChangeRequestSchema.safeParse(input);
  if (!request.success) throw new HttpError(422, issuesOf(request.error));
  const opts = schemaChangeOptionsSchema.safeParse(options);
  if (!opts.success) throw new HttpError(422, issuesOf(opts.error));
  const outcome = await changeSchema(id, request.data, opts.data ?? {});
  if (!outcome.ok) throw new HttpError(422, outcome.issues);
  if (outcome.jobId) ctx.audit.target = outcome.jobId;
  return { ...(outcome.jobId ? { jobId: outcome.jobId } : {}), kind: outcome.kind, order: outcome.order, plan: maskedPlan(outcome.plan) };
}
