import type { StepKind } from '@/lib/plan/types';
import type { StepHandler } from '../step-context';
import { checkBinaries, checkPort } from './preflight';
import { ensureRunning, initCluster, setSettings, writePgHba } from './node-setup';
import { createDatabase, createPhysicalSlot, createPublication, createRole, createTable, grantSelect } from './objects';
import { cloneStandby, createSubscription, waitSync } from './replication';
import { removeNode, stopNode } from './destroy';

/** Each kind of step: check the live state, apply only what differs, verify. */
export const handlers: Record<StepKind, StepHandler> = {
  'check-binaries': checkBinaries,
  'check-port': checkPort,
  'init-cluster': initCluster,
  'set-settings': setSettings,
  'write-pg-hba': writePgHba,
  'ensure-running': ensureRunning,
  'create-role': createRole,
  'create-database': createDatabase,
  'create-table': createTable,
  'grant-select': grantSelect,
  'create-publication': createPublication,
  'create-physical-slot': createPhysicalSlot,
  'clone-standby': cloneStandby,
  'create-subscription': createSubscription,
  'wait-sync': waitSync,
  'stop-node': stopNode,
  'remove-node': removeNode,
};
