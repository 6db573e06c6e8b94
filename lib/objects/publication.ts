import type { Publication, Topology } from '@/lib/topology/schema';
import { normalTableRef, quoteIdent, quoteLiteral } from '@/lib/postgres/quote';
import { createPublicationSql, HEARTBEAT_TABLE, heartbeatPublication, publishOption, setPublicationTablesSql } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import { listOf, objectModule, sameSet, sqlCommand, type Change, type ParamsOf } from './object';

type Params = ParamsOf<'create-publication'>;

function createCommands(p: Params) {
  return [
    sqlCommand(p.database, createPublicationSql(p.publication, p.tables, p.originFilter, p.publish)),
    sqlCommand(p.database, `COMMENT ON PUBLICATION ${quoteIdent(p.publication)} IS ${quoteLiteral('managed by pgcascade')}`),
  ];
}

function step(node: string, params: Params, summary: string): Step {
  return { id: `${node}/create-publication/${params.publication}`, node, kind: 'create-publication', summary, commands: createCommands(params), params };
}

export function publicationStep(t: Topology, pub: Publication): Step {
  const only = pub.publish ? ` (${pub.publish.join(', ')} only)` : '';
  return step(pub.node, { kind: 'create-publication', database: t.database, publication: pub.name, tables: pub.tables, ...(pub.publish ? { publish: pub.publish } : {}) }, `Publish ${pub.tables.join(', ')} as ${pub.name}${only}`);
}

/** Each node publishes only its own heartbeat row, so heartbeats never loop between two subscribers. */
export function heartbeatPublicationStep(t: Topology, node: string): Step {
  const name = heartbeatPublication(node);
  return step(node, { kind: 'create-publication', database: t.database, publication: name, tables: [HEARTBEAT_TABLE], originFilter: node }, `Publish ${node}'s own heartbeat row as ${name}`);
}

/** The publications a node has in this topology: its own, and its heartbeat's when anyone subscribes to it. */
export function publicationSteps(t: Topology, node: string): Step[] {
  const steps = t.publications.filter((p) => p.node === node).map((p) => publicationStep(t, p));
  if (t.subscriptions.some((s) => s.publisher === node)) steps.push(heartbeatPublicationStep(t, node));
  return steps;
}

interface LivePublication {
  tables: string[];
  rowFilter: string | null;
  /** The operations it publishes, in PostgreSQL's order. */
  operations: string[];
}

const ALL_OPERATIONS = ['insert', 'update', 'delete', 'truncate'];

/** The value in a row filter such as `(origin = 'vm1'::text)`. */
function filterValue(rowFilter: string | null): string | null {
  const m = rowFilter ? /'((?:[^']|'')*)'/.exec(rowFilter) : null;
  return m ? (m[1] as string).replace(/''/g, "'") : null;
}

export const publication = objectModule<'create-publication', LivePublication | null>({
  kind: 'create-publication',
  async read(io, p) {
    const rows = await io.query<{ tables: string[] | null; row_filter: string | null; operations: string[] | null }>(
      p.database,
      `SELECT ARRAY(SELECT CASE WHEN pt.schemaname = 'public' THEN pt.tablename::text ELSE format('%s.%s', pt.schemaname, pt.tablename) END
                        FROM pg_publication_tables pt WHERE pt.pubname = p.pubname ORDER BY 1) AS tables,
              (SELECT max(pt.rowfilter) FROM pg_publication_tables pt WHERE pt.pubname = p.pubname) AS row_filter,
              ARRAY_REMOVE(ARRAY[CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                 CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END], NULL) AS operations
         FROM pg_publication p WHERE p.pubname = $1`,
      [p.publication],
    );
    const [row] = rows;
    return row ? { tables: row.tables ?? [], rowFilter: row.row_filter, operations: row.operations ?? [] } : null;
  },
  diff(p, live): Change | null {
    if (!live) return { action: 'create', reason: `publication ${p.publication} is missing`, commands: createCommands(p), expected: `publishes ${listOf(p.tables)}`, actual: 'missing' };
    const reasons: string[] = [];
    if (!sameSet(live.tables, p.tables.map(normalTableRef))) reasons.push(`publishes ${listOf(live.tables)}, should publish ${listOf(p.tables)}`);
    if (filterValue(live.rowFilter) !== (p.originFilter ?? null)) reasons.push(`has row filter ${live.rowFilter ?? 'none'}, should have ${p.originFilter ? `origin = '${p.originFilter}'` : 'none'}`);
    const operations = ALL_OPERATIONS.filter((op) => (p.publish ?? ALL_OPERATIONS).includes(op));
    const operationsDiffer = !sameSet(live.operations, operations);
    if (operationsDiffer) reasons.push(`publishes ${listOf(live.operations)}, should publish ${listOf(operations)}`);
    if (reasons.length === 0) return null;
    const tablesDiffer = !sameSet(live.tables, p.tables.map(normalTableRef)) || filterValue(live.rowFilter) !== (p.originFilter ?? null);
    return {
      action: 'change',
      reason: `publication ${p.publication} ${reasons.join('; ')}`,
      commands: [
        ...(tablesDiffer ? [sqlCommand(p.database, setPublicationTablesSql(p.publication, p.tables, p.originFilter))] : []),
        ...(operationsDiffer ? [sqlCommand(p.database, `ALTER PUBLICATION ${quoteIdent(p.publication)} SET (${publishOption(operations)})`)] : []),
      ],
      expected: listOf(p.tables),
      actual: listOf(live.tables),
    };
  },
});

type DropParams = ParamsOf<'drop-publication'>;

export function dropPublicationStep(node: string, database: string, name: string, cost: string): Step {
  const params: DropParams = { kind: 'drop-publication', database, publication: name };
  return { id: `${node}/drop-publication/${name}`, node, kind: 'drop-publication', summary: `Drop publication ${name}`, commands: [sqlCommand(database, `DROP PUBLICATION ${quoteIdent(name)}`)], params, destructive: cost };
}

export const droppedPublication = objectModule<'drop-publication', boolean>({
  kind: 'drop-publication',
  async read(io, p) {
    if ((await io.query('postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [p.database])).length === 0) return false;
    return (await io.query(p.database, 'SELECT 1 FROM pg_publication WHERE pubname = $1', [p.publication])).length > 0;
  },
  diff(p, exists) {
    return exists ? { action: 'drop', reason: `publication ${p.publication} is no longer in the topology`, commands: [sqlCommand(p.database, `DROP PUBLICATION ${quoteIdent(p.publication)}`)] } : null;
  },
});
