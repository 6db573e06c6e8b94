import type { Plan, Step, StepKind, StepOf } from '@/lib/plan/types';
import type { LiveNode, ReachableNode } from './live-state';
import { driftOf, type Drift } from './drift';
import { hbaDrift, settingsDrift } from './check-config';
import { databaseDrift, grantDrift, heartbeatDrift, physicalSlotDrift, publicationDrift, roleDrift, tableDrift } from './check-objects';
import { standbyDrift, subscriptionDrift } from './check-replication';

type Check = (step: Step, live: ReachableNode) => Drift[];

function check<K extends StepKind>(fn: (step: StepOf<K>, live: ReachableNode) => Drift[]): Check {
  return (step, live) => fn(step as StepOf<K>, live);
}

/**
 * The steps whose result can drift, by kind. The others cannot (check-*, wait-sync, install-postgres, init- and
 * create-cluster once the node runs) or are not read back (write-files, create-wal-reader).
 */
const CHECKS: Partial<Record<StepKind, Check>> = {
  'set-settings': check(settingsDrift),
  'write-pg-hba': check(hbaDrift),
  'create-role': check(roleDrift),
  'create-admin-role': check(roleDrift),
  'create-monitor-role': check(roleDrift),
  'create-database': check(databaseDrift),
  'create-table': check(tableDrift),
  'create-heartbeat': check(heartbeatDrift),
  'grant-select': check(grantDrift),
  'create-publication': check(publicationDrift),
  'create-physical-slot': check(physicalSlotDrift),
  'create-subscription': check(subscriptionDrift),
  'clone-standby': check(standbyDrift),
};

/** A step inside a database the node lacks: only the missing database is reported (reconcile redoes the rest). */
function inMissingDatabase(step: Step, live: ReachableNode): boolean {
  return step.kind !== 'create-database' && 'database' in step.params && !live.databases.includes(step.params.database);
}

/**
 * Compare each node's live state with what the plan's steps would make, in plan order. A node that could not be
 * read yields one drift on its ensure-running step; nodes missing from `live` are not compared.
 */
export function detectDrift(plan: Plan, live: Readonly<Record<string, LiveNode>>): Drift[] {
  const drift: Drift[] = [];
  for (const step of plan.steps) {
    const node = live[step.node];
    if (!node) continue;
    if (!node.up) {
      if (step.kind === 'ensure-running') drift.push(driftOf(step, `${step.node} is unreachable: ${node.error}`, 'running and reachable', node.error));
      continue;
    }
    const checkStep = CHECKS[step.kind];
    if (checkStep && !inMissingDatabase(step, node)) drift.push(...checkStep(step, node));
  }
  return drift;
}
