import type { Topology } from '@/lib/topology/schema';
import { qualified } from '@/lib/objects/table-copy';
import { SEQUENCES_BEHIND_SQL } from '@/lib/postgres/sequences';
import { SETVAL_SQL } from '@/lib/monitor/sequence-lag';
import type { Step, StepOf } from '../types';
import { sql } from './commands';

/** What a takeover moves each sequence forward by, beyond the highest value it finds, unless the request says. */
export const DEFAULT_SEQUENCE_MARGIN = 1000;

/** The tables (`schema.name`) a node receives from a publisher. */
function receivedTables(t: Topology, node: string, publisher: string): string[] {
  const subs = t.subscriptions.filter((s) => s.node === node && s.publisher === publisher);
  const pubs = t.publications.filter((p) => p.node === publisher && subs.some((s) => s.publications.includes(p.name)));
  return [...new Set(pubs.flatMap((p) => p.tables.map(qualified)))].sort();
}

/** The two statements a sync-sequences step runs: the read (on each publisher, then the node), the setval (per sequence). */
export function syncSequencesCommands(step: Pick<StepOf<'sync-sequences'>, 'node' | 'params'>) {
  const { database, tables, publishers, margin } = step.params;
  const from = publishers.map((p) => p.node).join(', ');
  return {
    read: sql(database, `-- on ${from} (their tables) and on ${step.node} ($1 = {${tables.join(',')}}): each sequence's last value and its column's max${SEQUENCES_BEHIND_SQL}`),
    setval: sql(database, `-- on ${step.node}, per sequence: $3 = greatest(publisher's last value, max(column) on ${step.node}) + ${margin}, only when that moves it forward\n${SETVAL_SQL}`),
  };
}

/**
 * After a takeover (sequences are not carried by logical replication): on the node that took over, set each sequence
 * of its replicated tables from its publisher's last value or its own column maximum, whichever is higher, plus margin.
 */
export function syncSequencesStep(t: Topology, node: string, margin: number): Step | null {
  const publishers = [...new Set(t.subscriptions.filter((s) => s.node === node).map((s) => s.publisher))]
    .map((p) => ({ node: p, tables: receivedTables(t, node, p) }))
    .filter((p) => p.tables.length > 0);
  const tables = [...new Set(publishers.flatMap((p) => p.tables))].sort();
  if (tables.length === 0) return null;
  const params = { kind: 'sync-sequences' as const, database: t.database, tables, publishers, margin };
  const { read, setval } = syncSequencesCommands({ node, params });
  return {
    id: `${node}/sync-sequences`,
    node,
    kind: 'sync-sequences',
    summary: `Set the sequences of ${tables.join(', ')} on ${node} to the highest of ${publishers.map((p) => p.node).join(', ')}'s value and ${node}'s own data, + ${margin}, never backwards (logical replication does not carry them)`,
    commands: [read, setval],
    params,
  };
}
