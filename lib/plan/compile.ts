import type { Topology } from '@/lib/topology/schema';
import { isStandby, slotName, standbyOrder } from '@/lib/topology';
import { LOGICAL_ROLE, PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';
import { accessStep } from '@/lib/objects/access';
import { databaseStep } from '@/lib/objects/database';
import { heartbeatStep } from '@/lib/objects/heartbeat';
import { publicationSteps } from '@/lib/objects/publication';
import { monitorRoleStep, replicationRoleStep } from '@/lib/objects/role';
import { ensureRunningStep } from '@/lib/objects/service';
import { restartingSettings, settingsStep } from '@/lib/objects/settings';
import { physicalSlotStep } from '@/lib/objects/slot';
import { standbyStep } from '@/lib/objects/standby';
import { subscriptionStep } from '@/lib/objects/subscription';
import { enableSubscriptionsStep } from '@/lib/objects/subscriptions-enabled';
import { grantStep, tableSteps } from '@/lib/objects/table';
import { tlsStep } from '@/lib/objects/tls';
import { walReaderStep } from '@/lib/objects/wal-reader';
import { writeGuardSteps } from '@/lib/objects/write-guard';
import { pgbackrestSteps } from '@/lib/objects/pgbackrest';
import type { Layout, Observed } from './layout';
import type { Plan, Step } from './types';
import { primaries, publishes, rootNeedsPhysicalRole } from './derive/node-facts';
import { deriveSettings } from './derive/settings';
import { checkReachableStep, preflightSteps } from './steps/preflight';
import { installPostgresStep } from './steps/host-setup';
import { createAdminRoleStep, createClusterStep, initClusterStep } from './steps/node-setup';
import { restoreScriptStep, waitSyncStep } from './steps/replication';
import { destroySteps } from './steps/destroy';
import { machineDestroy, machineRemoval, machinesFirst } from './steps/machines';
import { removalSteps, TransitionError } from './removal';
import { crossNeeds } from './needs';
import { linkSteps, preflightLength } from './graph';
import { withoutAdoptedSteps } from './adopted';
import { tableCheckSteps } from './steps/table-check';
import { copySchemaStep } from '@/lib/objects/table-copy';
import { replicaIdentitySteps } from '@/lib/objects/replica-identity';
import { physicalStartOf, startSubscriberStep } from '@/lib/objects/physical-start';

export { TransitionError };

export interface CompileOptions {
  /**
   * Topologies the cluster had before, newest first: the last one applied and any tried since. Their objects may
   * still exist, so what left the topology is dropped; nothing else is ever dropped.
   */
  previous?: Topology[];
  /** Steps run at once, at most. */
  concurrency?: number;
}

/** The restart a settings change costs on a node that already runs, if any. */
function restartCost(t: Topology, previous: Topology | undefined, layout: Layout, node: string): string | undefined {
  if (!previous?.nodes.some((n) => n.name === node)) return undefined;
  const changed = restartingSettings(deriveSettings(previous, node, layout), deriveSettings(t, node, layout));
  return changed.length > 0 ? `restarts ${node} (${changed.join(', ')} need it): its connections drop and replication from it pauses for a few seconds` : undefined;
}

/** The desired steps, in an order that also reads as a runbook: what every node needs, then who needs whom. */
function desiredSteps(t: Topology, layout: Layout, previous: Topology | undefined, clusterId?: string): Step[] {
  const ssh = layout.kind === 'debian';
  const steps: Step[] = machinesFirst(t, clusterId, [...preflightSteps(t, layout), ...tableCheckSteps(t)]);
  const roots = primaries(t);
  const running = (node: string) => ensureRunningStep(t, layout, node, restartCost(t, previous, layout, node));
  // The certificate and CA are in place before the settings turn ssl on, and before anything connects out.
  const tls = (node: string) => {
    const step = tlsStep(t, layout, node);
    return step ? [step] : [];
  };

  // SSH hosts: PostgreSQL and a <version>/main cluster on every host first (a standby's is replaced by its clone).
  if (ssh) for (const { name } of t.nodes) steps.push(installPostgresStep(t, name), createClusterStep(t, name));

  for (const node of roots) {
    if (!ssh && !t.nodes.some((n) => n.name === node && n.adopted)) {
      const physical = layout.kind === 'local' ? physicalStartOf(t, node) : undefined;
      steps.push(physical && layout.kind === 'local' ? startSubscriberStep(t, layout, physical) : initClusterStep(t, layout, node));
    }
    steps.push(...tls(node));
    steps.push(settingsStep(t, layout, node), accessStep(t, layout, node), running(node));
    if (ssh) steps.push(createAdminRoleStep(t, node));
    // A standby's clone needs only its slot and the role: made early, so the clone starts while the rest is built.
    if (rootNeedsPhysicalRole(t, node)) steps.push(replicationRoleStep(node, PHYSICAL_ROLE));
    for (const standby of t.standbys.filter((s) => s.upstream === node)) steps.push(physicalSlotStep(node, slotName(standby), standby.node));
    if (publishes(t, node)) steps.push(replicationRoleStep(node, LOGICAL_ROLE));
    steps.push(databaseStep(t, node), ...tableSteps(t, node), ...replicaIdentitySteps(t, node), ...writeGuardSteps(t, node), heartbeatStep(t, node), monitorRoleStep(t, node));
    const pubs = t.publications.filter((p) => p.node === node);
    if (pubs.length > 0) steps.push(grantStep(t, node, [...new Set([...pubs.flatMap((p) => p.tables), HEARTBEAT_TABLE])]));
    steps.push(...publicationSteps(t, node));
  }

  // Each path is tested once, from the subscriber, right before its first subscription.
  const tested = new Set<string>();
  for (const sub of t.subscriptions) {
    const path = `${sub.node}/${sub.publisher}`;
    if (!tested.has(path)) steps.push(checkReachableStep(t, layout, sub.node, sub.publisher));
    tested.add(path);
    const copy = copySchemaStep(t, layout, sub);
    if (copy && !steps.some((s) => s.id === copy.id)) steps.push(copy);
    steps.push(subscriptionStep(t, layout, sub));
    const last = t.subscriptions.filter((s) => s.node === sub.node).at(-1);
    const enable = last === sub ? enableSubscriptionsStep(t, sub.node) : null;
    if (enable) steps.push(enable);
  }

  if (ssh) {
    const readers = new Set(t.standbys.filter((s) => s.walArchive && !isStandby(t, s.upstream)).map((s) => s.upstream));
    for (const upstream of readers) steps.push(walReaderStep(layout, upstream));
  }
  for (const standby of standbyOrder(t)) {
    const node = standby.node;
    const clone = [checkReachableStep(t, layout, node, standby.upstream), standbyStep(t, layout, standby, previous ?? null)];
    const files = [
      ...(ssh && standby.walArchive && !isStandby(t, standby.upstream) ? [restoreScriptStep(t, layout, standby)] : []),
      settingsStep(t, layout, node),
      accessStep(t, layout, node),
    ];
    // On a Debian host the configuration lives outside the data directory, so it is written while the upstream
    // is still being built, and the clone is the last thing before the start. Locally the clone brings its own.
    steps.push(...tls(node), ...(ssh ? [...files, ...clone] : [...clone, ...files]), running(node));
    // A cascading standby's own slots live on it (slots are not replicated), created once it runs.
    for (const child of t.standbys.filter((s) => s.upstream === node)) steps.push(physicalSlotStep(node, slotName(child), child.node));
  }

  // Backups once their node and its standby run (the stanza's check pushes WAL through archive_command).
  steps.push(...pgbackrestSteps(t, layout));

  // Initial copies run in the background meanwhile; wait for them last, once per subscriber.
  for (const node of roots) {
    const subs = t.subscriptions.filter((s) => s.node === node).map((s) => s.name);
    if (subs.length > 0) steps.push(waitSyncStep(t, node, subs));
  }
  return steps;
}

/**
 * The steps that bring the live nodes to the topology, as a graph: every object the topology wants, then the
 * removal of what earlier topologies had and this one has not. Pure and deterministic: the same input always
 * gives the same steps, ids and commands (secrets stay placeholders).
 */
export function compilePlan(t: Topology, observed: Observed, options: CompileOptions = {}): Plan {
  const previous = options.previous ?? [];
  const { steps: hostRemoval, retired } = removalSteps(t, observed.layout, previous);
  const removal = machineRemoval(t, observed.clusterId, previous, hostRemoval);
  const desired = desiredSteps(t, observed.layout, previous[0], observed.clusterId);
  const end = preflightLength(desired);
  // Subscriptions go first: one that moved to another publisher is made again under its name.
  const early = removal.filter((s) => s.kind === 'drop-subscription');
  const steps = withoutAdoptedSteps(t, [...desired.slice(0, end), ...early, ...desired.slice(end), ...removal.filter((s) => s.kind !== 'drop-subscription')]);
  const linked = linkSteps(steps, (step) => crossNeeds(t, steps, step, previous));
  return {
    steps: linked,
    topology: t,
    ...(retired.length > 0 ? { retired } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  };
}

/** Steps that undo the cluster: see destroySteps for what each provider removes. */
export function compileDestroyPlan(t: Topology, observed: Observed): Plan {
  return { steps: machineDestroy(t, observed.clusterId, destroySteps(t, observed.layout)) };
}
