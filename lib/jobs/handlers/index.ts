import type { StepKind } from '@/lib/plan/types';
import type { StepHandler } from '../step-context';
import { checkBinaries, checkClock, checkHost, checkPort, checkReachable } from './preflight';
import {
  createAdminRole,
  createCluster,
  ensureRunning,
  initCluster,
  installPostgres,
  setSettings,
  writePgHba,
} from './node-setup';
import {
  createDatabase,
  createHeartbeat,
  createMonitorRole,
  createPhysicalSlot,
  createPublication,
  createRole,
  createTable,
  createWriteGuard,
  grantSelect,
} from './objects';
import { cloneStandby, createSubscription, createWalReader, waitSync, writeFiles } from './replication';
import { dropReplication, removeNode, stopNode } from './destroy';
import { fenceNode, promoteStandby, resumeSubscriptions } from './failover';
import { checkLoss } from './loss-check';

/** Each kind of step: check the live state, apply only what differs, verify. */
export const handlers: Record<StepKind, StepHandler> = {
  'check-binaries': checkBinaries,
  'check-host': checkHost,
  'check-port': checkPort,
  'check-clock': checkClock,
  'check-reachable': checkReachable,
  'install-postgres': installPostgres,
  'create-cluster': createCluster,
  'create-admin-role': createAdminRole,
  'init-cluster': initCluster,
  'set-settings': setSettings,
  'write-pg-hba': writePgHba,
  'ensure-running': ensureRunning,
  'create-role': createRole,
  'create-database': createDatabase,
  'create-table': createTable,
  'create-heartbeat': createHeartbeat,
  'create-write-guard': createWriteGuard,
  'create-monitor-role': createMonitorRole,
  'grant-select': grantSelect,
  'create-publication': createPublication,
  'create-physical-slot': createPhysicalSlot,
  'clone-standby': cloneStandby,
  'create-subscription': createSubscription,
  'wait-sync': waitSync,
  'create-wal-reader': createWalReader,
  'write-files': writeFiles,
  'stop-node': stopNode,
  'remove-node': removeNode,
  'drop-replication': dropReplication,
  'fence-node': fenceNode,
  'promote-standby': promoteStandby,
  'check-loss': checkLoss,
  'resume-subscriptions': resumeSubscriptions,
};
