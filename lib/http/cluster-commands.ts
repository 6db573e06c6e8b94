import 'server-only';
import { z } from 'zod';
import type { Principal } from '@/lib/auth/roles';
import { applyCluster, createCluster, destroyCluster, previewPlan, requireCluster, type RunOptions } from '@/lib/clusters/service';
import { checkDrift, reconcile } from '@/lib/clusters/drift';
import { rebuildRetired, takeOver } from '@/lib/clusters/takeover';
import { subscriptionAction, subscriptionActionSchema } from '@/lib/clusters/diagnoses';
import { nodeAccess } from '@/lib/clusters/endpoints';
import { insertTestRow } from '@/lib/clusters/live';
import { previewAgainstLive } from '@/lib/clusters/live-plan';
import { splitSshSecrets } from '@/lib/clusters/ssh-secrets';
import { presentDrift } from '@/lib/clusters/present';
import { importCluster, ImportError } from '@/lib/clusters/import';
import { queueBackup } from '@/lib/backups/service';
import { queueDrill } from '@/lib/backups/restore-service';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { compilePlan, maskedPlan, renderRunbook } from '@/lib/plan';
import { getDb } from '@/lib/db/client';
import { setClusterMonitoring } from '@/lib/db/repositories/clusters';
import { monitoringSettings, monitoringUpdateSchema } from '@/lib/monitor/settings';
import type { TakeoverMode } from '@/lib/plan/steps/failover';
import { identifierSchema } from '@/lib/topology/schema';
import type { AuditNote } from './audit-write';
import { HttpError } from './http-error';
import { parseInput } from './respond';
import { requireKnownCredentials, requireSecretsStayWithHosts, requireTopology } from './topology-input';

/**
 * What a route handler and a server action both do for a cluster's writes: validate the untrusted input (422 with
 * every problem), call the service, and say what the audit row should name. They differ only in how the input
 * arrives (a JSON body and the query string, or an action's arguments) and how the answer leaves.
 */
export interface CommandContext {
  principal: Principal | null;
  audit: AuditNote;
}

/** `confirmDestructive` and `concurrency` (1–16) of an apply or reconcile, as an action passes them. */
export const runOptionsSchema = z
  .strictObject({ confirmDestructive: z.boolean().optional(), concurrency: z.number().int().min(1).max(16).optional() })
  .optional();

const clusterId = z.string().min(1).max(100);
const nodeInput = z.strictObject({ node: identifierSchema });
const takeoverInput = z.strictObject({
  promote: identifierSchema,
  /** Added to each sequence's highest value found when the new node's sequences are set (default 1000). */
  sequenceMargin: z.number({ error: 'must be a whole number of sequence values, 0 or more' }).int('must be a whole number of sequence values, 0 or more').min(0, 'must be 0 or more').max(1_000_000_000, 'must be at most 1000000000').optional(),
});
const testRowInput = z.strictObject({ node: z.string().min(1).max(63), table: z.string().min(1).max(63), data: z.string().max(100).optional() });

/** Save a new cluster and queue its first apply. */
export async function createClusterCommand(input: unknown, ctx: CommandContext) {
  const created = await createCluster(await requireKnownCredentials(requireTopology(input)));
  ctx.audit.clusterId = created.id;
  ctx.audit.target = created.jobId;
  return created;
}

/** Re-apply the saved topology, or a changed one (`undefined`: the saved one). */
export async function applyClusterCommand(id: string, input: unknown, options: RunOptions, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  let topology;
  if (input !== undefined) {
    topology = await requireKnownCredentials(requireTopology(input));
    requireSecretsStayWithHosts((await requireCluster(id)).topology, topology, ctx.principal);
  }
  const queued = await applyCluster(id, topology, options);
  ctx.audit.target = queued.jobId;
  return queued;
}

/** The plan a re-apply would run, read against the live nodes: of the saved topology, or of a changed one. */
export async function previewApplyCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const cluster = await requireCluster(id);
  let topology = cluster.topology;
  if (input !== undefined) {
    const changed = requireTopology(input);
    // The preview reads the hosts' layout over SSH: the same rule as an apply.
    requireSecretsStayWithHosts(cluster.topology, changed, ctx.principal);
    topology = splitSshSecrets(changed).topology;
  }
  return maskedPlan(await previewAgainstLive(id, await previewPlan(topology, id)));
}

/** Queue the steps whose live state differs; 409 when nothing differs. */
export async function reconcileCommand(id: string, options: RunOptions, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const queued = await reconcile(id, options);
  if (!queued) throw new HttpError(409, [{ path: '', message: 'nothing to reconcile: every node matches the topology' }]);
  ctx.audit.target = queued.jobId;
  return queued;
}

/** Queue the job that stops and removes every node. */
export async function destroyClusterCommand(id: string, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const queued = await destroyCluster(id);
  ctx.audit.target = queued.jobId;
  return queued;
}

/** `{ node }`: a node that left in a takeover comes back as the standby of the node that replaced it. */
export async function rebuildCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const { node } = parseInput(input, nodeInput);
  ctx.audit.node = node;
  const r = await rebuildRetired(id, node);
  if (!r.ok) throw new HttpError(422, r.issues);
  ctx.audit.target = r.jobId;
  return { jobId: r.jobId };
}

/** `{ promote, sequenceMargin? }`: a failover or switchover of that standby over its upstream; 422 with the reason when it cannot be. */
export async function takeoverCommand(id: string, mode: TakeoverMode, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const { promote, sequenceMargin } = parseInput(input, takeoverInput);
  ctx.audit.node = promote;
  const r = await takeOver(id, promote, mode, { sequenceMargin });
  if (!r.ok) throw new HttpError(422, r.issues);
  ctx.audit.target = r.jobId;
  return { jobId: r.jobId, promote, replaced: r.replaced, mode };
}

/** `{ node, table, data? }`: one test row on a writable node. */
export async function testRowCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const { node, table, data } = parseInput(input, testRowInput);
  ctx.audit.node = node;
  const cluster = await requireCluster(id);
  return insertTestRow(cluster.topology, await nodeAccess(id, cluster.topology), node, table, data);
}

/** `{ node, subscription, action, lsn? }`: skip a failing transaction, or disable / enable a subscription. */
export async function subscriptionActionCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const parsed = parseInput(input, subscriptionActionSchema);
  ctx.audit.node = parsed.node;
  ctx.audit.target = `${parsed.action} ${parsed.subscription}`;
  const r = await subscriptionAction(id, parsed);
  if (!r.ok) throw new HttpError(422, [{ path: r.path, message: r.message }]);
  return r;
}

/** Check drift now: each difference between the live nodes and the topology. */
export async function driftCheckCommand(id: string, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  return presentDrift(await checkDrift(id));
}

/** `{ intervalSeconds?, thresholds?: { lagSeconds?, retainedWalBytes? } }`: change some; the sampler picks it up next tick. */
export async function monitoringUpdateCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const update = parseInput(input, monitoringUpdateSchema);
  const cluster = await requireCluster(id);
  const settings = monitoringSettings(cluster.monitoring, update);
  await setClusterMonitoring(await getDb(), id, settings);
  return settings;
}

/** Compile a topology into its plan without running anything (the wizard's review). */
export async function planCommand(input: unknown) {
  const topology = await requireKnownCredentials(requireTopology(input));
  return maskedPlan(await previewPlan(topology));
}

/** The plan as a commented shell runbook (secrets are read from environment variables, never written), with its file name. */
export async function runbookCommand(input: unknown) {
  const topology = await requireKnownCredentials(requireTopology(input));
  const layout = await discoverLayout(topology, 'new-cluster');
  return {
    file: `${topology.name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-runbook.sh`,
    script: renderRunbook(compilePlan(topology, { layout }), topology, layout),
  };
}

/** Adopt servers that already run: read them and save the cluster whose topology describes them; nothing changes on the hosts. */
export async function importCommand(input: unknown, ctx: CommandContext) {
  try {
    const imported = await importCluster(input);
    ctx.audit.clusterId = imported.id;
    return imported;
  } catch (err) {
    if (err instanceof ImportError) throw new HttpError(422, err.issues);
    throw err;
  }
}

const backupInput = z.strictObject({ type: z.enum(['full', 'diff', 'incr']), node: z.string().min(1).max(63).optional() });

/** "Back up now": `{ type: full | diff | incr, node? }`, queued as a job. */
export async function backupCommand(id: string, input: unknown, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const { type, node } = parseInput(input, backupInput);
  if (node) ctx.audit.node = node;
  const queued = await queueBackup(id, type, 'manual', node);
  ctx.audit.target = queued.jobId;
  return queued;
}

/** Run a restore drill now. */
export async function drillCommand(id: string, ctx: CommandContext) {
  parseInput(id, clusterId);
  ctx.audit.clusterId = id;
  const queued = await queueDrill(id);
  ctx.audit.target = queued.jobId;
  return queued;
}
