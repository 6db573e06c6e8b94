import type { Topology } from '@/lib/topology/schema';
import { slotName } from '@/lib/topology';
import type { Step } from './types';

const isAdoptedNode = (t: Topology, node: string) => t.nodes.some((n) => n.name === node && n.adopted);

/**
 * Whether pgcascade builds something on this node: a node it made, or an adopted one that a declared table, a
 * publication, subscription or standby pgcascade made involves. An adopted node that nothing new involves is only
 * described: the plan reads it and changes nothing.
 */
export function buildsOn(t: Topology, node: string): boolean {
  if (!isAdoptedNode(t, node)) return true;
  if (t.tables.length > 0 && !t.standbys.some((s) => s.node === node)) return true;
  return (
    t.publications.some((p) => p.node === node && !p.adopted) ||
    t.subscriptions.some((s) => (s.node === node || s.publisher === node) && !s.adopted) ||
    t.standbys.some((s) => (s.node === node || s.upstream === node) && !s.adopted)
  );
}

// What a server that ran before pgcascade keeps as it is: its files, its settings, its service, its superuser.
const NEVER_ON_ADOPTED = new Set<Step['kind']>(['init-cluster', 'install-postgres', 'create-cluster', 'set-settings', 'create-admin-role']);
// What an adopted node that pgcascade builds nothing on still gets: checks, reads, and the drops of what left the
// topology (destructive steps: they run only when confirmed).
const DESCRIBED_ONLY = new Set<Step['kind']>(['check-port', 'check-binaries', 'check-host', 'check-clock', 'check-tables', 'create-database', 'create-publication', 'set-replica-identity', 'drop-publication', 'drop-subscription', 'drop-slot']);

/** A path (node → upstream) that something pgcascade makes connects over. */
function connectsNew(t: Topology, node: string, upstream: string): boolean {
  return t.subscriptions.some((s) => s.node === node && s.publisher === upstream && !s.adopted) || t.standbys.some((s) => s.node === node && s.upstream === upstream && !s.adopted);
}

/** Keep one step of a topology with adopted parts: what pgcascade did not make, it reads and leaves alone. */
function keeps(t: Topology, step: Step): boolean {
  const p = step.params;
  const adoptedNode = isAdoptedNode(t, step.node);
  if (adoptedNode && NEVER_ON_ADOPTED.has(step.kind)) return false;
  if (adoptedNode && !buildsOn(t, step.node) && !DESCRIBED_ONLY.has(step.kind)) return false;
  switch (p.kind) {
    case 'create-publication':
      // An adopted node's heartbeat publication only when a subscription pgcascade makes reads it.
      return !adoptedNode || t.publications.some((x) => x.node === step.node && x.name === p.publication) || buildsOn(t, step.node);
    case 'create-subscription':
      return !t.subscriptions.some((s) => s.node === step.node && s.name === p.subscription && s.adopted);
    case 'check-reachable':
      return connectsNew(t, step.node, p.upstream);
    case 'clone-standby':
    case 'write-files':
      return !t.standbys.some((s) => s.node === step.node && s.adopted);
    case 'create-physical-slot':
      return !t.standbys.some((s) => s.upstream === step.node && slotName(s) === p.slot && s.adopted);
    default:
      return true;
  }
}

/** The steps of a topology that has adopted nodes or objects, without those that would build or change them. */
export function withoutAdoptedSteps(t: Topology, steps: Step[]): Step[] {
  const adopted = new Set(t.subscriptions.filter((s) => s.adopted).map((s) => `${s.node}/${s.name}`));
  if (adopted.size === 0 && !t.nodes.some((n) => n.adopted) && !t.standbys.some((s) => s.adopted)) return steps;
  return steps.flatMap((step) => {
    if (!keeps(t, step)) return [];
    // It reloads the access lines pgcascade added; the server's own settings are not pgcascade's to compare.
    if (step.params.kind === 'ensure-running' && isAdoptedNode(t, step.node)) return [{ ...step, params: { ...step.params, settings: [] } }];
    if (step.params.kind !== 'wait-sync') return [step];
    const subs = step.params.subscriptions.filter((s) => !adopted.has(`${step.node}/${s}`));
    if (subs.length === 0) return [];
    return [{ ...step, params: { ...step.params, subscriptions: subs } }];
  });
}
