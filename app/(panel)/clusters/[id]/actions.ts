'use server';
import { z } from 'zod';
import { clusterArg, defineAction } from '@/lib/http/action';
import { parseInput } from '@/lib/http/respond';
import {
  applyClusterCommand,
  backupCommand,
  destroyClusterCommand,
  driftCheckCommand,
  drillCommand,
  monitoringUpdateCommand,
  previewApplyCommand,
  rebuildCommand,
  reconcileCommand,
  runOptionsSchema,
  subscriptionActionCommand,
  takeoverCommand,
  testRowCommand,
} from '@/lib/http/cluster-commands';
import { restoreCommand, type RestoreInput } from '@/lib/http/restore-command';
import { schemaChangeCommand } from '@/lib/http/schema-change-command';
import { createChannelCommand, deleteChannelCommand, testChannelCommand, updateChannelCommand } from '@/lib/http/notification-commands';

// What the cluster page changes. Each calls the command its JSON route calls; the arguments are untrusted and
// checked there (and here for the run options), exactly as the routes check a body.

const applyRequest = z
  .strictObject({ topology: z.unknown().optional(), confirmDestructive: z.boolean().optional(), concurrency: z.number().int().min(1).max(16).optional() })
  .optional();

export interface ApplyRequest {
  /** A changed topology; the saved one when absent. */
  topology?: unknown;
  /** The user typed the cluster's name to accept the plan's destructive steps. */
  confirmDestructive?: boolean;
  concurrency?: number;
}

/** Re-apply the saved (or a changed) topology; 409 with the destructive steps until they are confirmed. */
export const applyClusterAction = defineAction('applyClusterAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, request?: ApplyRequest) => {
  const { topology, ...options } = parseInput(request, applyRequest) ?? {};
  return applyClusterCommand(id, topology, options, ctx);
});

/** The plan a re-apply would run against the live nodes. */
export const previewApplyAction = defineAction('previewApplyAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, topology?: unknown) => previewApplyCommand(id, topology, ctx));

/** Queue the drift-correcting plan; 409 with the destructive steps until they are confirmed, or when nothing differs. */
export const reconcileClusterAction = defineAction('reconcileClusterAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, options?: { confirmDestructive?: boolean; concurrency?: number }) =>
  reconcileCommand(id, parseInput(options, runOptionsSchema) ?? {}, ctx),
);

/** Stop and remove every node (an SSH host keeps its cluster and data). */
export const destroyClusterAction = defineAction('destroyClusterAction', { role: 'admin', status: 202, note: clusterArg }, async (ctx, id: string) => destroyClusterCommand(id, ctx));

/** A node that left in a takeover comes back as the standby of the node that replaced it. */
export const rebuildNodeAction = defineAction('rebuildNodeAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, node: string) => rebuildCommand(id, { node }, ctx));

/** Failover or switchover: `promote` takes over from its upstream. */
export const takeoverAction = defineAction('takeoverAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, mode: 'failover' | 'switchover', promote: string) =>
  takeoverCommand(id, parseInput(mode, z.enum(['failover', 'switchover'])), { promote }, ctx),
);

/** One test row on a writable node. */
export const insertTestRowAction = defineAction('insertTestRowAction', { role: 'operator', status: 201, note: clusterArg }, async (ctx, id: string, input: { node: string; table: string; data?: string }) =>
  testRowCommand(id, input, ctx),
);

/** Skip a subscription's failing transaction, or disable / enable it. */
export const subscriptionAction = defineAction('subscriptionAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, input: { node: string; subscription: string; action: 'skip' | 'disable' | 'enable'; lsn?: string }) =>
  subscriptionActionCommand(id, input, ctx),
);

/** Check drift now. */
export const checkDriftAction = defineAction('checkDriftAction', { role: 'operator', note: clusterArg }, async (ctx, id: string) => driftCheckCommand(id, ctx));

/** Change the sampling interval or alert thresholds (only what is given). */
export const updateMonitoringAction = defineAction('updateMonitoringAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, update: { intervalSeconds?: number; thresholds?: { lagSeconds?: number; retainedWalBytes?: number } }) =>
  monitoringUpdateCommand(id, update, ctx),
);

/** Add a notification channel `{ kind, url, secret?, name?, enabled? }`; 422 names each field. */
export const createNotificationAction = defineAction('createNotificationAction', { role: 'operator', status: 201, note: clusterArg }, async (ctx, id: string, input: { kind: string; url: string; name?: string; secret?: string; enabled?: boolean }) =>
  createChannelCommand(id, input, ctx),
);

/** Change a channel `{ name?, url?, secret?, enabled? }`. */
export const updateNotificationAction = defineAction('updateNotificationAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, channelId: string, patch: { name?: string; url?: string; secret?: string; enabled?: boolean }) =>
  updateChannelCommand(id, channelId, patch, ctx),
);

/** Remove a channel with its deliveries. */
export const deleteNotificationAction = defineAction('deleteNotificationAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, channelId: string) => deleteChannelCommand(id, channelId, ctx));

/** Send a test event to a channel now; 422 at `url` when the receiver cannot be reached or refuses it. */
export const testNotificationAction = defineAction('testNotificationAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, channelId: string) => testChannelCommand(id, channelId, ctx));

/** "Back up now": a full, differential or incremental backup, queued as a job. */
export const backupAction = defineAction('backupAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, input: { type: 'full' | 'diff' | 'incr'; node?: string }) => backupCommand(id, input, ctx));

/** Run a restore drill now. */
export const drillAction = defineAction('drillAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string) => drillCommand(id, ctx));

/** "Restore to…": into a scratch cluster, a new node, or (with the cluster's name typed) the backup node itself; 409 with the destructive steps until confirmed. */
export const restoreAction = defineAction('restoreAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, input: RestoreInput) => restoreCommand(id, input, ctx));
export interface SchemaChangeInput {
  sql: string;
  publish?: Array<{ publication: string; tables: string[] }>;
}

/** The plan of a schema change, nothing run; 400 with the reason at its field when it is refused. */
export const previewSchemaChangeAction = defineAction('previewSchemaChangeAction', { role: 'operator', note: clusterArg }, async (ctx, id: string, input: SchemaChangeInput) =>
  schemaChangeCommand(id, input, { dryRun: true }, ctx),
);

/** Queue a schema change; a removing one (DROP …) needs `confirmDestructive` (409 with its steps until then). */
export const schemaChangeAction = defineAction('schemaChangeAction', { role: 'operator', status: 202, note: clusterArg }, async (ctx, id: string, input: SchemaChangeInput, options?: { confirmDestructive?: boolean }) =>
  schemaChangeCommand(id, input, { confirmDestructive: parseInput(options, z.strictObject({ confirmDestructive: z.boolean().optional() }).optional())?.confirmDestructive ?? false }, ctx),
);
