import { LOGICAL_ROLE } from '@/lib/postgres/roles';
import { quoteIdent, quoteLiteral, tableParts } from '@/lib/postgres/quote';
import { EXISTING_TABLES_SQL, tableCopy } from '@/lib/objects/table-copy';
import type { Step } from '@/lib/plan/types';
import { IDENTITY_CHOICES } from '@/lib/topology/rules/tables';
import { PreflightError, type StepContext, type StepResult } from '../step-context';
import { jobNodeIo } from './object-handler';
import { paramsOf } from './params';

/** Each column of the tables, in order: what two nodes must agree on for a table to replicate. `$1`: qualified names. */
export const COLUMNS_SQL = `
SELECT x AS t, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
  FROM unnest($1::text[]) AS x
  JOIN pg_attribute a ON a.attrelid = to_regclass(format('%I.%I', split_part(x, '.', 1), split_part(x, '.', 2)))
 WHERE a.attnum > 0 AND NOT a.attisdropped
 ORDER BY x, a.attnum`;

/** Of the tables, those UPDATE/DELETE cannot be published for: no primary key, replica identity default or nothing. */
export const KEYLESS_SQL = `
SELECT x AS t FROM unnest($1::text[]) AS x
  JOIN pg_class c ON c.oid = to_regclass(format('%I.%I', split_part(x, '.', 1), split_part(x, '.', 2)))
 WHERE c.relreplident IN ('d', 'n') AND NOT (c.relreplident = 'd' AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))`;

export type ColumnRow = { t: string; col: string; type: string; not_null: boolean };

const describe = (rows: ColumnRow[], table: string) =>
  rows.filter((r) => r.t === table).map((r) => `${r.col} ${r.type}${r.not_null ? ' not null' : ''}`);

/** How one table's columns differ between publisher and subscriber, in words; empty when alike. */
export function columnDifferences(table: string, publisher: ColumnRow[], subscriber: ColumnRow[]): string[] {
  const pub = describe(publisher, table);
  const sub = describe(subscriber, table);
  const missing = pub.filter((c) => !sub.includes(c));
  const extra = sub.filter((c) => !pub.includes(c));
  const out: string[] = [];
  if (missing.length > 0) out.push(`lacks or differs in ${missing.join(', ')}`);
  if (extra.length > 0) out.push(`has ${extra.join(', ')} instead`);
  return out.length > 0 ? [`${table} ${out.join('; ')}`] : [];
}

async function hasDatabase(ctx: StepContext, node: string, database: string): Promise<boolean> {
  return (await ctx.query(node, 'postgres', 'SELECT 1 FROM pg_database WHERE datname = $1', [database])).length > 0;
}

/** Pre-flight: the publisher has the tables its publications name; subscribers that have them define them alike. */
export async function checkTables(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'check-tables');
  const where = `${step.node}'s publications name existing tables (${p.tables.join(', ')})`;
  if (!(await ctx.answers(step.node))) throw new PreflightError(`${where}, but ${step.node} does not run yet: declare the tables under tables, or publish tables of a server that runs`);
  if (!(await hasDatabase(ctx, step.node, p.database))) throw new PreflightError(`${where}, but ${step.node} has no database ${p.database}`);
  const present = new Set((await ctx.query<{ t: string }>(step.node, p.database, EXISTING_TABLES_SQL, [p.tables])).map((r) => r.t));
  const lacking = p.tables.filter((x) => !present.has(x));
  if (lacking.length > 0) throw new PreflightError(`${step.node} has no table ${lacking.join(', ')} in ${p.database}: correct the publication's tables (schema.name, as PostgreSQL spells them) or create the table${lacking.length === 1 ? '' : 's'} first`);
  // UPDATE and DELETE of a table without a key or replica identity would be refused on the publisher itself.
  const keyless = (await ctx.query<{ t: string }>(step.node, p.database, KEYLESS_SQL, [p.needsIdentity ?? []])).map((r) => r.t);
  if (keyless.length > 0) throw new PreflightError(`${keyless.join(', ')} ${keyless.length === 1 ? 'has' : 'have'} no primary key and no replica identity, and ${step.node}'s publications publish their UPDATEs and DELETEs (which PostgreSQL would then refuse on ${step.node}); choose in the publication: ${IDENTITY_CHOICES}`);
  const publisher = await ctx.query<ColumnRow>(step.node, p.database, COLUMNS_SQL, [p.tables]);
  const problems: string[] = [];
  for (const sub of p.subscribers) {
    if (!(await ctx.answers(sub.node)) || !(await hasDatabase(ctx, sub.node, p.database))) continue;
    const theirs = await ctx.query<ColumnRow>(sub.node, p.database, COLUMNS_SQL, [sub.tables]);
    const existing = new Set(theirs.map((r) => r.t));
    const diffs = sub.tables.filter((x) => existing.has(x)).flatMap((x) => columnDifferences(x, publisher, theirs));
    if (diffs.length > 0) problems.push(`on ${sub.node}: ${diffs.join('; ')}`);
  }
  if (problems.length > 0) throw new PreflightError(`subscribers define ${step.node}'s tables differently, so their rows would not apply: ${problems.join(' | ')}; make the definitions equal (or drop the subscriber's copy) and retry`);
  ctx.log('info', `${step.node} has ${p.tables.join(', ')}`);
  return 'unchanged';
}

/** User types a table's columns use (enum, domain, composite), with an enum's labels. `$1`: qualified names. */
const TYPES_SQL = `
SELECT DISTINCT n.nspname AS schema, t.typname AS name, t.typtype AS kind,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
  FROM unnest($1::text[]) AS x
  JOIN pg_attribute a ON a.attrelid = to_regclass(format('%I.%I', split_part(x, '.', 1), split_part(x, '.', 2))) AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid OR t.typarray = a.atttypid
  JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE t.typtype IN ('e', 'd', 'c') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

/** Lines pg_dump writes for psql only (`\\restrict`, `\\unrestrict`): the server does not take them. */
const withoutMetaCommands = (sql: string) => sql.split('\n').filter((l) => !l.startsWith('\\')).join('\n');

/** Make the publisher's missing tables on the subscriber: schemas, enum types, then pg_dump's definitions. */
export async function copySchema(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'copy-schema');
  const missing = await tableCopy.read(jobNodeIo(ctx, step.node), p) as string[];
  if (missing.length === 0) return 'unchanged';
  ctx.log('info', `create ${missing.join(', ')} from ${p.publisher}'s definitions`);
  const types = await ctx.query<{ schema: string; name: string; kind: string; labels: string[] }>(p.publisher, p.database, TYPES_SQL, [missing]);
  const unsupported = types.filter((t) => t.kind !== 'e');
  if (unsupported.length > 0) throw new Error(`${missing.join(', ')} use${missing.length === 1 ? 's' : ''} ${unsupported.map((t) => `${t.schema}.${t.name} (${t.kind === 'd' ? 'a domain' : 'a composite type'})`).join(', ')}: create ${unsupported.length === 1 ? 'it' : 'them'} on ${step.node} first, then retry`);
  const ddl: string[] = [];
  for (const schema of [...new Set([...missing.map((x) => tableParts(x).schema), ...types.map((t) => t.schema)])]) ddl.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  for (const t of types) {
    const create = `CREATE TYPE ${quoteIdent(t.schema)}.${quoteIdent(t.name)} AS ENUM (${t.labels.map(quoteLiteral).join(', ')})`;
    ddl.push(`DO $pgc$ BEGIN ${create}; EXCEPTION WHEN duplicate_object THEN NULL; END $pgc$`);
  }
  const tables = missing.flatMap((x) => ['-t', `${quoteIdent(tableParts(x).schema)}.${quoteIdent(tableParts(x).name)}`]);
  const argv = [p.pgDump, '-h', p.host, '-p', String(p.port), '-U', LOGICAL_ROLE, '-d', p.database, '--schema-only', '--no-owner', '--no-privileges', '--no-publications', '--no-subscriptions', ...tables];
  const dump = await ctx.executor.run(argv, { env: { PGPASSWORD: ctx.secrets.logical_password ?? '', PGCONNECT_TIMEOUT: '10' }, timeoutMs: 120_000 });
  // A connection of its own: pg_dump's script sets search_path for the session.
  const client = await ctx.connect(step.node, p.database);
  try {
    await client.query('BEGIN');
    for (const sql of ddl) await client.query(sql);
    await client.query(withoutMetaCommands(dump.stdout));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
  const still = await tableCopy.read(jobNodeIo(ctx, step.node), p) as string[];
  if (still.length > 0) throw new Error(`${step.node}: after the dump, ${still.join(', ')} still missing`);
  return 'changed';
}
