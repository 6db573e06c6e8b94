import type { Topology } from '@/lib/topology/schema';
import { isStandby, slotName, standbyOrder } from '@/lib/topology';
import { LOGICAL_ROLE, PHYSICAL_ROLE } from '@/lib/postgres/roles';
import type { Observed } from './layout';
import type { Plan, Step } from './types';
import { primaries, publishes, rootNeedsPhysicalRole } from './derive/node-facts';
import { checkReachableStep, preflightSteps } from './steps/preflight';
import { installPostgresStep } from './steps/host-setup';
import { createAdminRoleStep, createClusterStep, ensureRunningStep, initClusterStep, setSettingsStep, writeHbaStep } from './steps/node-setup';
import {
  createDatabaseStep,
  createPhysicalSlotStep,
  createPublicationStep,
  createRoleStep,
  createHeartbeatStep,
  createMonitorRoleStep,
  createTableSteps,
  createWriteGuardSteps,
  grantSelectStep,
  heartbeatPublicationStep,
} from './steps/objects';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import { cloneStandbyStep, createSubscriptionStep, createWalReaderStep, restoreScriptStep, waitSyncStep } from './steps/replication';
import { destroySteps } from './steps/destroy';

/**
 * The ordered steps that bring the live nodes to the topology. Pure and deterministic: the same topology and
 * layout always give the same steps, ids and commands (secrets stay placeholders).
 */
export function compilePlan(t: Topology, observed: Observed): Plan {
  const { layout } = observed;
  const ssh = layout.kind === 'debian';
  const steps: Step[] = [...preflightSteps(t, layout)];
  const roots = primaries(t);

  // SSH hosts: PostgreSQL and a <version>/main cluster on every host first (a standby's is replaced by its clone).
  if (ssh) for (const { name } of t.nodes) steps.push(installPostgresStep(t, name), createClusterStep(t, name));

  for (const node of roots) {
    if (!ssh) steps.push(initClusterStep(t, layout, node));
    steps.push(setSettingsStep(t, layout, node), writeHbaStep(t, layout, node), ensureRunningStep(t, layout, node));
    if (ssh) steps.push(createAdminRoleStep(node));
    if (publishes(t, node)) steps.push(createRoleStep(node, LOGICAL_ROLE));
    if (rootNeedsPhysicalRole(t, node)) steps.push(createRoleStep(node, PHYSICAL_ROLE));
    steps.push(createDatabaseStep(t, node), ...createTableSteps(t, node), ...createWriteGuardSteps(t, node), createHeartbeatStep(t, node), createMonitorRoleStep(t, node));
  }

  for (const node of roots) {
    const pubs = t.publications.filter((p) => p.node === node);
    if (pubs.length === 0) continue;
    const tables = [...new Set([...pubs.flatMap((p) => p.tables), HEARTBEAT_TABLE])];
    steps.push(grantSelectStep(t, node, tables), ...pubs.map((p) => createPublicationStep(t, p)));
    if (t.subscriptions.some((s) => s.publisher === node)) steps.push(heartbeatPublicationStep(t, node));
  }

  // Every publication exists before the first subscription connects to it; each path is tested once, from the subscriber.
  const tested = new Set<string>();
  for (const sub of t.subscriptions) {
    const path = `${sub.node}/${sub.publisher}`;
    if (!tested.has(path)) steps.push(checkReachableStep(t, layout, sub.node, sub.publisher));
    tested.add(path);
    steps.push(createSubscriptionStep(t, sub));
  }

  const rootSet = new Set(roots);
  for (const standby of t.standbys.filter((s) => rootSet.has(s.upstream))) {
    steps.push(createPhysicalSlotStep(standby.upstream, slotName(standby), standby.node));
  }
  if (ssh) {
    const readers = new Set(t.standbys.filter((s) => s.walArchive && !isStandby(t, s.upstream)).map((s) => s.upstream));
    for (const upstream of readers) steps.push(createWalReaderStep(layout, upstream));
  }
  for (const standby of standbyOrder(t)) {
    const node = standby.node;
    steps.push(checkReachableStep(t, layout, node, standby.upstream), cloneStandbyStep(t, layout, standby));
    if (ssh && standby.walArchive && !isStandby(t, standby.upstream)) steps.push(restoreScriptStep(t, standby));
    steps.push(setSettingsStep(t, layout, node), writeHbaStep(t, layout, node), ensureRunningStep(t, layout, node));
    // A cascading standby's own slots live on it (slots are not replicated), created once it runs.
    for (const child of t.standbys.filter((s) => s.upstream === node)) {
      steps.push(createPhysicalSlotStep(node, slotName(child), child.node));
    }
  }

  // Initial copies run in the background meanwhile; wait for them last, once per subscriber.
  for (const node of roots) {
    const subs = t.subscriptions.filter((s) => s.node === node).map((s) => s.name);
    if (subs.length > 0) steps.push(waitSyncStep(t, node, subs));
  }
  return { steps };
}

/** Steps that undo the cluster: see destroySteps for what each provider removes. */
export function compileDestroyPlan(t: Topology, observed: Observed): Plan {
  return { steps: destroySteps(t, observed.layout) };
}
