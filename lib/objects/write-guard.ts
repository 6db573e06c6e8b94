import type { Topology } from '@/lib/topology/schema';
import { createWriteGuardSql, WRITE_GUARD_TRIGGER } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand } from './object';

/** Guards on the node's subscribed copies of the tables marked `guardCopies`: local writes fail, replication does not. */
export function writeGuardSteps(t: Topology, node: string): Step[] {
  const guarded = new Set(t.tables.filter((table) => table.guardCopies).map((table) => table.name));
  const copies = new Map<string, string>();
  for (const sub of t.subscriptions.filter((s) => s.node === node)) {
    for (const pub of t.publications.filter((p) => p.node === sub.publisher && sub.publications.includes(p.name))) {
      for (const table of pub.tables) if (guarded.has(table)) copies.set(table, sub.publisher);
    }
  }
  return [...copies].map(([table, publisher]) => ({
    id: `${node}/create-write-guard/${table}`,
    node,
    kind: 'create-write-guard',
    summary: `Refuse local writes on ${node}'s copy of ${table} (it comes from ${publisher}; replication still applies)`,
    commands: [sqlCommand(t.database, createWriteGuardSql(table, publisher))],
    params: { kind: 'create-write-guard', database: t.database, table, publisher },
  }));
}

export const writeGuard = objectModule<'create-write-guard', boolean>({
  kind: 'create-write-guard',
  async read(io, p) {
    const [row] = await io.query<{ ok: boolean }>(p.database, `SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '${WRITE_GUARD_TRIGGER}' AND tgrelid = to_regclass($1) AND tgenabled = 'O') AS ok`, [`public.${p.table}`]);
    return row?.ok === true;
  },
  diff: (p, ok) => (ok ? null : { action: 'create', reason: `${p.table}'s write guard is missing or disabled`, commands: [sqlCommand(p.database, createWriteGuardSql(p.table, p.publisher))] }),
});
