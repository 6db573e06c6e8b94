import type { Topology } from '@/lib/topology/schema';
import { isStandby, slotName } from '@/lib/topology';
import { nodeFiles, serviceCommands, type Layout } from '../layout';
import { heartbeatPublication } from '@/lib/postgres/sql';
import type { Step } from '../types';
import { serviceCommand } from './commands';

function stopStep(layout: Layout, name: string): Step {
  const service = serviceCommands(layout, name);
  return {
    id: `${name}/stop-node`,
    node: name,
    kind: 'stop-node',
    summary: `Stop ${name}`,
    commands: [serviceCommand(service.stop, service.asPostgres)],
    params: { kind: 'stop-node', dataDir: nodeFiles(layout, name).dataDir, service },
  };
}

/**
 * Local clusters: stop every node and remove its files, standbys first. SSH hosts are the user's machines: remove
 * the replication pgcascade set up (subscriptions first, then publications and slots) and stop the standbys it
 * cloned, but keep the clusters and their data.
 */
export function destroySteps(whole: Topology, layout: Layout): Step[] {
  // What ran before pgcascade stays as it was: adopted objects are left, adopted servers keep running.
  const t: Topology = { ...whole, publications: whole.publications.filter((p) => !p.adopted), subscriptions: whole.subscriptions.filter((s) => !s.adopted), standbys: whole.standbys.filter((s) => !s.adopted) };
  const standbys = whole.nodes.filter((n) => isStandby(whole, n.name));
  const primaries = whole.nodes.filter((n) => !isStandby(whole, n.name));
  if (layout.kind === 'debian') {
    const steps: Step[] = standbys.filter((n) => t.standbys.some((s) => s.node === n.name)).map((n) => stopStep(layout, n.name));
    const subscribers = primaries.filter((n) => t.subscriptions.some((s) => s.node === n.name));
    const upstreams = primaries.filter((n) => t.publications.some((p) => p.node === n.name) || t.standbys.some((s) => s.upstream === n.name));
    for (const n of subscribers) {
      const subs = t.subscriptions.filter((s) => s.node === n.name).map((s) => s.name);
      steps.push({
        id: `${n.name}/drop-replication/subscriptions`,
        node: n.name,
        kind: 'drop-replication',
        summary: `Drop ${n.name}'s subscriptions (${subs.join(', ')})`,
        commands: subs.map((s) => ({ type: 'sql' as const, database: t.database, sql: `DROP SUBSCRIPTION IF EXISTS "${s}"` })),
        params: { kind: 'drop-replication', database: t.database, subscriptions: subs, publications: [], slots: [] },
      });
    }
    for (const n of upstreams) {
      const pubs = [...t.publications.filter((p) => p.node === n.name).map((p) => p.name), heartbeatPublication(n.name)];
      const slots = [...t.standbys.filter((s) => s.upstream === n.name).map(slotName), ...t.subscriptions.filter((s) => s.publisher === n.name).map((s) => s.name)];
      steps.push({
        id: `${n.name}/drop-replication/publications`,
        node: n.name,
        kind: 'drop-replication',
        summary: `Drop ${n.name}'s publications and replication slots`,
        commands: [...pubs.map((p) => ({ type: 'sql' as const, database: t.database, sql: `DROP PUBLICATION IF EXISTS "${p}"` })), ...slots.map((s) => ({ type: 'sql' as const, database: 'postgres', sql: `SELECT pg_drop_replication_slot('${s}')` }))],
        params: { kind: 'drop-replication', database: t.database, subscriptions: [], publications: pubs, slots },
      });
    }
    return steps;
  }
  const order = [...standbys, ...primaries].filter((n) => !n.adopted);
  const steps: Step[] = order.map((n) => stopStep(layout, n.name));
  // An adopted server stays: the slots of the subscriptions just stopped and pgcascade's publications on it go.
  for (const n of primaries.filter((x) => x.adopted)) {
    const pubs = [...t.publications.filter((p) => p.node === n.name).map((p) => p.name), heartbeatPublication(n.name)];
    const slots = t.subscriptions.filter((s) => s.publisher === n.name).map((s) => s.name);
    if (slots.length === 0 && !t.publications.some((p) => p.node === n.name)) continue;
    steps.push({
      id: `${n.name}/drop-replication/publications`,
      node: n.name,
      kind: 'drop-replication',
      summary: `Drop what pgcascade made on ${n.name} (publications ${pubs.join(', ')}; slots ${slots.join(', ') || 'none'}); the server and its own objects stay`,
      commands: [...pubs.map((p) => ({ type: 'sql' as const, database: t.database, sql: `DROP PUBLICATION IF EXISTS "${p}"` })), ...slots.map((s) => ({ type: 'sql' as const, database: 'postgres', sql: `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '${s}'` }))],
      params: { kind: 'drop-replication', database: t.database, subscriptions: [], publications: pubs, slots },
    });
  }
  for (const { name } of order) {
    const dir = nodeFiles(layout, name).nodeDir as string;
    steps.push({
      id: `${name}/remove-node`,
      node: name,
      kind: 'remove-node',
      summary: `Remove ${name}'s files`,
      commands: [{ type: 'shell', argv: ['rm', '-rf', dir], asPostgres: false }],
      params: { kind: 'remove-node', dir },
    });
  }
  return steps;
}
