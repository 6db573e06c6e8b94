import type { ReplicaIdentity, Topology } from '@/lib/topology/schema';
import { quoteIdent, quoteTable } from '@/lib/postgres/quote';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type ParamsOf } from './object';
import { qualified } from './table-copy';

type Params = ParamsOf<'set-replica-identity'>;

const describe = (identity: ReplicaIdentity) => (identity === 'full' ? 'FULL' : `USING INDEX ${identity.index}`);
const alterSql = (p: Params) => `ALTER TABLE ${quoteTable(p.table)} REPLICA IDENTITY ${p.identity === 'full' ? 'FULL' : `USING INDEX ${quoteIdent(p.identity.index)}`}`;

/** The replica identities a node's publications choose for their tables without a primary key. */
export function replicaIdentitySteps(t: Topology, node: string): Step[] {
  const chosen = new Map<string, ReplicaIdentity>();
  for (const pub of t.publications.filter((p) => p.node === node)) for (const [table, identity] of Object.entries(pub.replicaIdentity ?? {})) chosen.set(qualified(table), identity);
  return [...chosen].map(([table, identity]) => {
    const params: Params = { kind: 'set-replica-identity', database: t.database, table, identity };
    return { id: `${node}/set-replica-identity/${table}`, node, kind: 'set-replica-identity', summary: `Set ${table}'s replica identity to ${describe(identity)} (it has no primary key)`, commands: [sqlCommand(t.database, alterSql(params))], params };
  });
}

interface LiveIdentity {
  exists: boolean;
  /** `full`, `default`, `nothing`, or the identity index's name. */
  identity: string;
}

export const replicaIdentity = objectModule<'set-replica-identity', LiveIdentity>({
  kind: 'set-replica-identity',
  async read(io, p) {
    const [row] = await io.query<{ ident: string; index: string | null }>(
      p.database,
      `SELECT c.relreplident::text AS ident, (SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident) AS index
         FROM pg_class c WHERE c.oid = to_regclass(format('%I.%I', split_part($1, '.', 1), split_part($1, '.', 2)))`,
      [p.table],
    );
    if (!row) return { exists: false, identity: 'nothing' };
    const names: Record<string, string> = { d: 'default', f: 'full', n: 'nothing' };
    return { exists: true, identity: row.ident === 'i' ? (row.index ?? '').replace(/^.*\./, '').replace(/^"|"$/g, '') : (names[row.ident] ?? row.ident) };
  },
  diff(p, live) {
    const wanted = p.identity === 'full' ? 'full' : p.identity.index;
    if (live.exists && live.identity === wanted) return null;
    if (!live.exists) return { action: 'change', reason: `${p.table} does not exist yet`, commands: [sqlCommand(p.database, alterSql(p))], expected: describe(p.identity), actual: 'missing' };
    return { action: 'change', reason: `${p.table}'s replica identity is ${live.identity}, should be ${describe(p.identity)}`, commands: [sqlCommand(p.database, alterSql(p))], expected: describe(p.identity), actual: live.identity };
  },
});
