import type { Topology } from '@/lib/topology/schema';
import type { Step } from './types';

/**
 * What a step needs from other nodes (a node's own steps already run in order): a subscription its publisher's
 * publications, access line and role; a clone its upstream's slot and server; a drop what must go before it.
 */
export function crossNeeds(t: Topology, steps: readonly Step[], step: Step, previous: readonly Topology[]): string[] {
  const ids = (pred: (s: Step) => boolean) => steps.filter(pred).map((s) => s.id);
  const lastOf = (node: string, pred: (s: Step) => boolean) => {
    const found = steps.filter((s) => s.node === node && pred(s));
    return found.length > 0 ? [(found[found.length - 1] as Step).id] : [];
  };
  const p = step.params;
  switch (p.kind) {
    case 'create-subscription': {
      const pubs = new Set(p.publications);
      // One at a time across the cluster: CREATE SUBSCRIPTION makes a slot on the publisher, which waits for every
      // transaction there to end, including a CREATE SUBSCRIPTION running on it towards this node (a deadlock
      // between two nodes that subscribe to each other).
      const before = steps.slice(0, steps.indexOf(step)).filter((s) => s.kind === 'create-subscription');
      return [
        ...before.slice(-1).map((s) => s.id),
        ...lastOf(p.publisher, (s) => (s.params.kind === 'create-publication' && pubs.has(s.params.publication)) || s.kind === 'grant-select' || s.kind === 'ensure-running' || s.kind === 'create-role'),
        // A subscription that moved to another publisher is dropped first.
        ...ids((s) => s.kind === 'drop-subscription' && s.node === step.node && s.params.kind === 'drop-subscription' && s.params.subscription === p.subscription),
      ];
    }
    case 'start-subscriber':
      // The slot is made on the publisher before the clone: its publications (pgoutput reads them) and server first.
      return lastOf(p.publisher, (s) => s.kind === 'create-publication' || s.kind === 'grant-select' || s.kind === 'ensure-running' || s.kind === 'create-heartbeat' || s.kind === 'write-pg-hba');
    case 'copy-schema':
      // pg_dump reads the publisher as the logical role: it exists, may read the tables, and may connect.
      return lastOf(p.publisher, (s) => s.kind === 'grant-select' || s.kind === 'ensure-running' || s.kind === 'create-role' || s.kind === 'write-pg-hba');
    case 'check-reachable':
      return lastOf(p.upstream, (s) => s.kind === 'ensure-running' || s.kind === 'write-pg-hba');
    case 'clone-standby':
      return [...lastOf(p.upstream, (s) => s.params.kind === 'create-physical-slot' && s.params.slot === p.slot), ...lastOf(p.upstream, (s) => s.kind === 'ensure-running')];
    case 'drop-slot': {
      if (p.slotType === 'logical') {
        const consumer = previous.flatMap((b) => b.subscriptions).find((s) => s.name === p.slot && s.publisher === step.node);
        return consumer ? ids((s) => (s.kind === 'drop-subscription' || s.kind === 'stop-node') && s.node === consumer.node) : [];
      }
      const standby = previous.flatMap((b) => b.standbys).find((s) => s.upstream === step.node && (s.slot ?? `pgcascade_${s.node}`) === p.slot);
      return standby ? ids((s) => (s.kind === 'clone-standby' || s.kind === 'stop-node') && s.node === standby.node) : [];
    }
    case 'drop-publication':
      // Subscribers stop reading it first (SET PUBLICATION without it, or their subscription dropped).
      return ids((s) => (s.params.kind === 'create-subscription' && s.params.publisher === step.node) || (s.params.kind === 'drop-subscription' && s.params.publisher === step.node));
    case 'write-pg-hba':
      // A node that left keeps its access lines until its subscribers and standbys are gone.
      return t.nodes.some((n) => n.name === step.node) ? [] : ids((s) => s.kind.startsWith('drop-') && s.node !== step.node);
    case 'stop-node':
      // A standby that left is stopped once the standbys that followed it have moved.
      return ids((s) => s.kind === 'clone-standby' && s.params.kind === 'clone-standby' && s.params.upstream !== step.node && previous.some((b) => b.standbys.some((x) => x.node === s.node && x.upstream === step.node)));
    case 'create-stanza':
      // pgBackRest's pg2 (backup-standby) must answer too, with pgBackRest and the node's key there (SSH hosts).
      return p.standby ? lastOf(p.standby, (s) => s.kind === 'ensure-running' || s.kind === 'install-pgbackrest' || s.kind === 'authorize-pgbackrest-ssh') : [];
    case 'drop-machine':
      // A VM goes last: what other nodes drop because of it (and its own objects) first.
      return ids((s) => s.id !== step.id && (s.kind === 'stop-node' || s.kind === 'write-pg-hba' || (s.kind.startsWith('drop-') && s.kind !== 'drop-machine')));
    default:
      return [];
  }
}
