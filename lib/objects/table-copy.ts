import type { Subscription, Topology } from '@/lib/topology/schema';
import { bin, type Layout } from '@/lib/plan/layout';
import { nodeAddress, nodePort } from '@/lib/plan/derive/node-facts';
import type { Step } from '@/lib/plan/types';
import { listOf, objectModule } from './object';

/** A table reference in its one qualified spelling: `schema.name` (`public.` for plain names). */
export const qualified = (ref: string) => (ref.includes('.') ? ref : `public.${ref}`);

/**
 * The tables a publisher's publications name without declaring them: tables that already exist there
 * (`schema.name`), whose definitions come from the publisher itself.
 */
export function existingTablesOf(t: Topology, publisher: string, publications?: readonly string[]): string[] {
  const pubs = t.publications.filter((p) => p.node === publisher && (!publications || publications.includes(p.name)));
  const declared = new Set(t.tables.map((x) => `public.${x.name}`));
  return [...new Set(pubs.flatMap((p) => p.tables.map(qualified)))].filter((x) => !declared.has(x)).sort();
}

/**
 * On a subscriber, the publisher's existing tables it lacks, made from the publisher's own definitions
 * (`pg_dump --schema-only` of those tables: columns, defaults, constraints, indexes, the sequences they own),
 * after the schemas and enum types they need. One step per subscriber and publisher, before its subscriptions.
 */
export function copySchemaStep(t: Topology, layout: Layout, sub: Subscription): Step | null {
  // An adopted subscription's node had its tables before pgcascade came.
  if (sub.adopted) return null;
  const tables = existingTablesOf(t, sub.publisher, sub.publications);
  if (tables.length === 0) return null;
  const others = t.subscriptions.filter((s) => s.node === sub.node && s.publisher === sub.publisher && !s.adopted);
  const all = existingTablesOf(t, sub.publisher, [...new Set(others.flatMap((s) => s.publications))]);
  return {
    id: `${sub.node}/copy-schema/${sub.publisher}`,
    node: sub.node,
    kind: 'copy-schema',
    summary: `Create ${sub.publisher}'s tables ${listOf(all)} on ${sub.node} from ${sub.publisher}'s own definitions (where missing)`,
    commands: [],
    params: {
      kind: 'copy-schema',
      database: t.database,
      publisher: sub.publisher,
      host: nodeAddress(t, sub.publisher),
      port: nodePort(t, sub.publisher),
      tables: all,
      pgDump: layout.kind === 'debian' ? `/usr/lib/postgresql/${layout.version}/bin/pg_dump` : bin(layout, 'pg_dump'),
    },
  };
}

/** The tables of `tables` that exist in this database, as `schema.name`. `$1`: the qualified names. */
export const EXISTING_TABLES_SQL = `SELECT x AS t FROM unnest($1::text[]) AS x WHERE to_regclass(format('%I.%I', split_part(x, '.', 1), split_part(x, '.', 2))) IS NOT NULL`;

export const tableCopy = objectModule<'copy-schema', string[]>({
  kind: 'copy-schema',
  /** The tables this subscriber lacks. */
  async read(io, p) {
    if ((await io.query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [p.database])).length === 0) return p.tables;
    const present = new Set((await io.query<{ t: string }>(p.database, EXISTING_TABLES_SQL, [p.tables])).map((r) => r.t));
    return p.tables.filter((x) => !present.has(x));
  },
  // The step's handler dumps the definitions from the publisher when it runs: there is no fixed command to show.
  diff: (p, missing) => (missing.length === 0 ? null : { action: 'create', reason: `${listOf(missing)} missing: created from ${p.publisher}'s definitions`, commands: [], planned: true, expected: listOf(p.tables), actual: `missing ${listOf(missing)}` }),
});
