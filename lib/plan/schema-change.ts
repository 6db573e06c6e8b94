import { appliedProbe, changedTables, classifyStatement, type ClassifiedStatement, type DdlClass, type DdlEffect } from '@/lib/postgres/ddl';
import { splitStatements, SqlSyntaxError } from '@/lib/postgres/sql-split';
import { qualified } from '@/lib/objects/table-copy';
import { isPlainTypeName } from '@/lib/topology/column-type';
import type { SchemaChangeRequest } from '@/lib/topology/schema-change-request';
import type { Topology, ValidationIssue } from '@/lib/topology/schema';
import { validateTopology } from '@/lib/topology/validate';
import { ddlOrder } from './schema-order';
import { schemaChangeSteps } from './steps/schema-change';
import type { Plan } from './types';

export type RecognisedStatement = Extract<ClassifiedStatement, { class: DdlClass }>;

export type SchemaChangeCompiled =
  | { ok: true; plan: Plan; statements: RecognisedStatement[]; kind: DdlClass; order: string[] }
  | { ok: false; issues: ValidationIssue[] };

/** The tables some publication of the topology publishes, as `schema.name`. */
export function replicatedTables(t: Topology): Set<string> {
  return new Set(t.publications.flatMap((p) => p.tables.map(qualified)));
}

const short = (sql: string) => (sql.length > 80 ? `${sql.slice(0, 77)}…` : sql).replace(/\s+/g, ' ');

/** The statements, or every problem with them (at `sql`). */
function readStatements(t: Topology, sql: string): { ok: true; statements: RecognisedStatement[]; kind: DdlClass } | { ok: false; issues: ValidationIssue[] } {
  let parsed;
  try {
    parsed = splitStatements(sql);
  } catch (err) {
    if (err instanceof SqlSyntaxError) return { ok: false, issues: [{ path: 'sql', message: `the SQL could not be read: ${err.message}` }] };
    throw err;
  }
  if (parsed.length === 0) return { ok: false, issues: [{ path: 'sql', message: 'no statement found (only comments or semicolons)' }] };
  const replicated = replicatedTables(t);
  const classified = parsed.map((s) => classifyStatement(s, replicated));
  const issues = classified.flatMap((c, i) => (c.class === 'unsafe' ? [{ path: 'sql', message: `statement ${i + 1} (${short(c.sql)}) is refused: ${c.reason}` }] : []));
  if (issues.length > 0) return { ok: false, issues };
  const statements = classified as RecognisedStatement[];
  const kinds = [...new Set(statements.map((s) => s.class))];
  if (kinds.length > 1) return { ok: false, issues: [{ path: 'sql', message: 'the SQL both adds (subscribers first) and removes (publishers first): submit the additive and the removing statements as two changes' }] };
  return { ok: true, statements, kind: kinds[0] as DdlClass };
}

/** The topology once the change has run: published tables added, declared tables' columns kept in step, dropped tables gone. */
function changedTopology(t: Topology, effects: DdlEffect[], publish: NonNullable<SchemaChangeRequest['publish']>): Topology {
  const dropped = new Set(effects.flatMap((e) => (e.kind === 'drop-table' ? e.tables : [])));
  const tables = t.tables
    .filter((x) => !dropped.has(`public.${x.name}`))
    .map((x) => {
      let columns = x.columns;
      for (const e of effects) {
        if ((e.kind !== 'add-column' && e.kind !== 'drop-column') || e.table !== `public.${x.name}`) continue;
        // New nodes make declared tables from the topology: they get the added columns too (plain types only).
        if (e.kind === 'add-column') columns = [...columns, ...e.columns.filter((c) => isPlainTypeName(c.type) && !columns.some((k) => k.name === c.name)).map((c) => ({ name: c.name, type: c.type }))];
        if (e.kind === 'drop-column') columns = columns.filter((c) => !e.columns.includes(c.name));
      }
      return columns === x.columns ? x : { ...x, columns };
    });
  const publications = t.publications.map((p) => {
    // A plain name in a publication means a declared table: a table made by SQL is published as schema.name.
    const added = publish.filter((x) => x.publication === p.name).flatMap((x) => x.tables.map(qualified));
    const kept = p.tables.filter((x) => !dropped.has(qualified(x)));
    return added.length === 0 && kept.length === p.tables.length ? p : { ...p, tables: [...kept, ...added.filter((x) => !kept.map(qualified).includes(qualified(x)))] };
  });
  return { ...t, tables, publications };
}

function publishIssues(t: Topology, publish: NonNullable<SchemaChangeRequest['publish']>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  publish.forEach((x, i) => {
    const pub = t.publications.find((p) => p.name === x.publication);
    if (!pub) {
      issues.push({ path: `publish.${i}.publication`, message: `no publication ${x.publication} in this topology (it has ${t.publications.map((p) => p.name).join(', ') || 'none'})` });
      return;
    }
    x.tables.forEach((table, j) => {
      if (pub.tables.map(qualified).includes(qualified(table))) issues.push({ path: `publish.${i}.tables.${j}`, message: `${pub.name} already publishes ${table}` });
    });
  });
  return issues;
}

/**
 * The plan of a schema change: each recognised statement on every writable node in the order its class needs,
 * then the published tables, the subscribers' refresh and wait, and a check of the tables on every node.
 * Refused (with every reason, nothing planned) when a statement is unsafe or not recognised.
 */
export function compileSchemaChange(t: Topology, request: SchemaChangeRequest): SchemaChangeCompiled {
  const read = readStatements(t, request.sql);
  const publish = request.publish ?? [];
  const issues = [...(read.ok ? [] : read.issues), ...publishIssues(t, publish)];
  if (!read.ok || issues.length > 0) return { ok: false, issues };
  const effects = read.statements.map((s) => s.effect);
  const next = changedTopology(t, effects, publish);
  const emptied = next.publications.filter((p) => p.tables.length === 0);
  if (emptied.length > 0) return { ok: false, issues: [{ path: 'sql', message: `after the DROP TABLE, ${emptied.map((p) => p.name).join(', ')} would publish nothing: remove ${emptied.length === 1 ? 'that publication' : 'those publications'} (and ${emptied.length === 1 ? 'its' : 'their'} subscriptions) from the topology and re-apply first` }] };
  const valid = validateTopology(next);
  if (!valid.ok) return { ok: false, issues: valid.errors.map((e) => ({ path: publish.length > 0 ? 'publish' : 'sql', message: `the topology after this change would not be valid: ${e.path}: ${e.message}` })) };
  const order = ddlOrder(t, read.kind === 'additive' ? 'subscribers-first' : 'publishers-first');
  const changed = effects.map(changedTables);
  const droppedTables = changed.flatMap((c) => c.dropped);
  // Publications that lost a dropped table: their subscribers refresh too (PostgreSQL removes it from the publication).
  const lost = t.publications.filter((p) => p.tables.some((x) => droppedTables.includes(qualified(x)))).map((p) => p.name);
  const steps = schemaChangeSteps(t, {
    kind: read.kind,
    order,
    statements: read.statements.map((s) => ({ sql: s.sql, probe: appliedProbe(s.effect) })),
    publish: publish.map((x) => ({ publication: x.publication, tables: x.tables.map(qualified) })),
    refresh: [...new Set([...publish.map((x) => x.publication), ...lost])],
    tables: [...new Set([...changed.flatMap((c) => c.defined), ...publish.flatMap((x) => x.tables.map(qualified))])].filter((x) => !droppedTables.includes(x)).sort(),
    dropped: [...new Set(droppedTables)].sort(),
  });
  return { ok: true, plan: { steps, topology: valid.topology, concurrency: 4 }, statements: read.statements, kind: read.kind, order: order.nodes };
}
