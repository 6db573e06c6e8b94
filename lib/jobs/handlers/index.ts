import type { StepKind } from '@/lib/plan/types';
import { OBJECT_MODULES } from '@/lib/objects';
import type { StepHandler } from '../step-context';
import { checkBinaries, checkClock, checkHost, checkPort, checkReachable } from './preflight';
import { createAdminRole, createCluster, ensureRunning, initCluster, installPostgres } from './node-setup';
import { waitSync, writeFiles } from './replication';
import { dropReplication, removeNode, stopNode } from './destroy';
import { fenceNode, promoteStandby, resumeSubscriptions } from './failover';
import { checkLoss } from './loss-check';
import { syncSequences } from './sync-sequences';
import { objectHandler } from './object-handler';
import { dropSlot } from './drop-slot';
import { runBackup } from './backup';
import { restoreBackup } from './restore';
import { restoreInPlace, restoreNode } from './restore-target';
import { runDrill } from './drill';
import { checkMachines, createMachine, dropMachine, waitMachine } from './machines';
import { checkTables, copySchema } from './table-copy';
import { startSubscriber } from './physical-start';
import { publishTables, refreshSubscription, runDdl, verifySchema } from './schema-change';

/** Object steps read, diff and apply through their module (ensure-running, the admin role and drop-slot wrap theirs). */
const objects = Object.fromEntries(
  Object.values(OBJECT_MODULES)
    .filter((m) => !['ensure-running', 'create-admin-role', 'drop-slot', 'copy-schema', 'start-subscriber'].includes(m.kind))
    .map((m) => [m.kind, objectHandler(m)]),
) as Partial<Record<StepKind, StepHandler>>;

/** Each kind of step: the object steps, then the procedures (checks, installs, clusters, failover). */
export const handlers = {
  ...objects,
  'check-binaries': checkBinaries,
  'check-host': checkHost,
  'check-port': checkPort,
  'check-clock': checkClock,
  'check-reachable': checkReachable,
  'check-tables': checkTables,
  'copy-schema': copySchema,
  'install-postgres': installPostgres,
  'create-cluster': createCluster,
  'create-admin-role': createAdminRole,
  'init-cluster': initCluster,
  'start-subscriber': startSubscriber,
  'ensure-running': ensureRunning,
  'drop-slot': dropSlot,
  'wait-sync': waitSync,
  'write-files': writeFiles,
  'stop-node': stopNode,
  'remove-node': removeNode,
  'drop-replication': dropReplication,
  'fence-node': fenceNode,
  'promote-standby': promoteStandby,
  'check-loss': checkLoss,
  'resume-subscriptions': resumeSubscriptions,
  'sync-sequences': syncSequences,
  'run-backup': runBackup,
  'restore-backup': restoreBackup,
  'restore-node': restoreNode,
  'restore-in-place': restoreInPlace,
  'run-drill': runDrill,
  'check-machines': checkMachines,
  'create-machine': createMachine,
  'wait-machine': waitMachine,
  'drop-machine': dropMachine,
  'run-ddl': runDdl,
  'publish-tables': publishTables,
  'refresh-subscription': refreshSubscription,
  'verify-schema': verifySchema,
} as Record<StepKind, StepHandler>;

for (const kind of Object.keys(OBJECT_MODULES) as StepKind[]) if (!handlers[kind]) throw new Error(`no handler for ${kind}`);
