import type { Topology } from '@/lib/topology/schema';
import { slotName } from '@/lib/topology';
import { heartbeatPublication } from '@/lib/postgres/sql';
import { accessStep } from '@/lib/objects/access';
import { dropPublicationStep } from '@/lib/objects/publication';
import { dropSlotStep } from '@/lib/objects/slot';
import { dropSubscriptionStep } from '@/lib/objects/subscription';
import { nodeFiles, serviceCommands, type Layout } from './layout';
import type { Step } from './types';

/** A change of topology that pgcascade will not make by itself, with what to do instead. */
export class TransitionError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'TransitionError';
  }
}

function stopStep(layout: Layout, node: string, why: string): Step {
  const service = serviceCommands(layout, node);
  const keeps = layout.kind === 'debian' ? 'its data stays on the host' : 'its cluster is removed next';
  return {
    id: `${node}/stop-node`,
    node,
    kind: 'stop-node',
    summary: `Stop ${node} (${why})`,
    commands: [{ type: 'shell', argv: service.stop, asPostgres: service.asPostgres, stopsServer: true }],
    params: { kind: 'stop-node', dataDir: nodeFiles(layout, node).dataDir, service },
    destructive: `${node} is stopped (${why}): its clients lose it; ${keeps}`,
  };
}

function removeStep(layout: Layout, node: string): Step {
  const dir = nodeFiles(layout, node).nodeDir as string;
  return {
    id: `${node}/remove-node`,
    node,
    kind: 'remove-node',
    summary: `Remove ${node}'s cluster and files`,
    commands: [{ type: 'shell', argv: ['rm', '-rf', dir], asPostgres: false }],
    params: { kind: 'remove-node', dir },
    destructive: `${node}'s local cluster is deleted with all its data`,
  };
}

const tablesOf = (t: Topology, publisher: string, publications: string[]) => [...new Set(t.publications.filter((p) => p.node === publisher && publications.includes(p.name)).flatMap((p) => p.tables))];

/**
 * What earlier topologies made and this one no longer has, in the order it can go: a subscription before its slot
 * on the publisher, a standby stopped before its slot, a publication after the subscriptions that read it.
 * Local nodes that left are stopped and removed; SSH hosts are released (their replication objects go, their data
 * stays). Only objects of earlier topologies are ever dropped: nothing pgcascade did not create.
 */
export function removalSteps(t: Topology, layout: Layout, previous: readonly Topology[]): { steps: Step[]; retired: Topology['nodes'] } {
  const ssh = layout.kind === 'debian';
  const has = (node: string) => t.nodes.some((n) => n.name === node);
  const steps = new Map<string, Step>();
  const add = (step: Step) => {
    if (!steps.has(step.id)) steps.set(step.id, step);
  };
  const retired = new Map<string, Topology['nodes'][number]>();
  // A node that left: reachable to drop its objects on SSH hosts; a local one's cluster simply goes.
  const reachable = (node: string) => has(node) || ssh;

  for (const before of previous) {
    for (const n of before.nodes) if (!has(n.name)) retired.set(n.name, n);
    for (const n of before.nodes) {
      const was = before.standbys.find((s) => s.node === n.name);
      if (has(n.name) && was && !t.standbys.some((s) => s.node === n.name)) {
        throw new TransitionError(`${n.name} is a standby of ${was.upstream} and would become a primary: promote it with Failover or Switchover, or remove the node and add it again`, 'standbys');
      }
    }
    for (const sub of before.subscriptions) {
      const now = t.subscriptions.find((s) => s.node === sub.node && s.name === sub.name);
      if (now && now.publisher === sub.publisher) continue;
      const tables = tablesOf(before, sub.publisher, sub.publications);
      const cost = `${sub.node} stops receiving ${tables.length > 0 ? tables.join(', ') : sub.publications.join(', ')} from ${sub.publisher}; rows already copied stay`;
      if (reachable(sub.node)) add(dropSubscriptionStep(sub.node, before.database, sub.name, sub.publisher, cost));
      if (reachable(sub.publisher)) add(dropSlotStep(sub.publisher, sub.name, 'logical', `subscription ${sub.name} on ${sub.node}`, `the slot of ${sub.name} on ${sub.publisher} is dropped: ${sub.node} can no longer resume from it`));
    }
    for (const pub of before.publications) {
      if (t.publications.some((p) => p.node === pub.node && p.name === pub.name) || !reachable(pub.node)) continue;
      add(dropPublicationStep(pub.node, before.database, pub.name, `${pub.node} no longer publishes ${pub.tables.join(', ')} as ${pub.name}`));
    }
    for (const n of before.nodes) {
      const heartbeat = before.subscriptions.some((s) => s.publisher === n.name) && !t.subscriptions.some((s) => s.publisher === n.name);
      if (heartbeat && reachable(n.name)) add(dropPublicationStep(n.name, before.database, heartbeatPublication(n.name), `nobody subscribes to ${n.name} any more: its heartbeat is no longer published`));
    }
    for (const standby of before.standbys) {
      const now = t.standbys.find((s) => s.node === standby.node);
      const left = !has(standby.node);
      const adoptedNode = before.nodes.some((n) => n.name === standby.node && n.adopted);
      if (left && !adoptedNode) add(stopStep(layout, standby.node, 'it left the topology'));
      const moved = now && (now.upstream !== standby.upstream || slotName(now) !== slotName(standby));
      if ((left || moved) && reachable(standby.upstream) && !(left && !has(standby.upstream) && !ssh)) {
        add(dropSlotStep(standby.upstream, slotName(standby), 'physical', `standby ${standby.node}`, `the slot ${slotName(standby)} on ${standby.upstream} that ${standby.node} streamed from is dropped`));
      }
    }
  }
  for (const before of previous) {
    for (const n of before.nodes) {
      if (has(n.name)) continue;
      // A server that ran before pgcascade is released, never stopped or removed; its data is the user's.
      if (n.adopted && !ssh) continue;
      if (ssh) {
        add(accessStep(before, layout, n.name, true));
      } else {
        add(stopStep(layout, n.name, 'it left the topology'));
        add(removeStep(layout, n.name));
      }
    }
  }
  const ordered = [...steps.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return { steps: ordered, retired: [...retired.values()] };
}

const ORDER: Step['kind'][] = ['drop-subscription', 'stop-node', 'drop-slot', 'drop-publication', 'write-pg-hba', 'remove-node'];
