import type pg from 'pg';
import type { Step } from '@/lib/plan/types';
import { SqlError } from '@/lib/postgres/sql-error';
import { quoteIdent, quoteTable } from '@/lib/postgres/quote';
import { EXISTING_TABLES_SQL } from '@/lib/objects/table-copy';
import { isStandby } from '@/lib/topology';
import type { StepContext, StepResult } from '../step-context';
import { paramsOf, sleep } from './params';
import { columnDifferences, COLUMNS_SQL, KEYLESS_SQL, type ColumnRow } from './table-copy';

// Standbys replay the change from WAL: a moment behind their upstream.
const VERIFY_TIMEOUT_MS = 60_000;

/**
 * Each statement in order, unless its probe finds it applied on this node already (a retry, or the other node of a
 * cycle). On a connection of its own with search_path = public, as psql would have it: the panel's own sessions
 * pin pg_catalog first, where an unqualified CREATE would land.
 */
export async function runDdl(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'run-ddl');
  let changed = false;
  let client: pg.Client | null = null;
  try {
    for (const s of p.statements) {
      ctx.throwIfCancelled();
      const [row] = await ctx.query<{ done: boolean }>(step.node, p.database, s.probe);
      if (row?.done) {
        ctx.log('info', `already applied on ${step.node}, skipped: ${s.sql}`);
        continue;
      }
      if (!client) {
        client = await ctx.connect(step.node, p.database);
        await client.query('SET search_path = public');
      }
      ctx.log('info', `${step.node}/${p.database}> ${s.sql}`);
      try {
        await client.query(s.sql);
      } catch (err) {
        const e = err as Error & { code?: string };
        throw new SqlError(`${step.node}/${p.database}: ${e.message}`, step.node, p.database, e.code ?? null, s.sql);
      }
      changed = true;
    }
  } finally {
    await client?.end().catch(() => undefined);
  }
  return changed ? 'changed' : 'unchanged';
}

/** Let the logical role read the tables, then add those the publication lacks. */
export async function publishTables(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'publish-tables');
  const exists = await ctx.query(step.node, p.database, 'SELECT 1 FROM pg_publication WHERE pubname = $1', [p.publication]);
  if (exists.length === 0) throw new Error(`${step.node} has no publication ${p.publication}: re-apply the cluster, then retry this job`);
  const present = await ctx.query<{ t: string }>(step.node, p.database, EXISTING_TABLES_SQL, [p.tables]);
  const absent = p.tables.filter((x) => !present.some((r) => r.t === x));
  if (absent.length > 0) throw new Error(`${step.node} has no table ${absent.join(', ')}: create ${absent.length === 1 ? 'it' : 'them'} in the SQL of this change, or publish tables that exist`);
  // PostgreSQL would refuse UPDATE and DELETE of such a table on the publisher itself once it is published.
  const keyless = p.changes ? (await ctx.query<{ t: string }>(step.node, p.database, KEYLESS_SQL, [p.tables])).map((r) => r.t) : [];
  if (keyless.length > 0) throw new Error(`${keyless.join(', ')} ${keyless.length === 1 ? 'has' : 'have'} no primary key and no replica identity, and ${p.publication} publishes UPDATE and DELETE: add a primary key in a schema change first (or publish it in a publication with publish: ["insert"])`);
  const published = await ctx.query<{ t: string }>(step.node, p.database, `SELECT schemaname || '.' || tablename AS t FROM pg_publication_tables WHERE pubname = $1`, [p.publication]);
  const missing = p.tables.filter((x) => !published.some((r) => r.t === x));
  for (const command of step.commands.filter((c) => c.type === 'sql' && c.sql.startsWith('GRANT '))) await ctx.runCommand(command);
  if (missing.length === 0) {
    ctx.log('info', `${p.publication} already publishes ${p.tables.join(', ')}`);
    return 'unchanged';
  }
  await ctx.runCommand({ type: 'sql', database: p.database, sql: `ALTER PUBLICATION ${quoteIdent(p.publication)} ADD TABLE ${missing.map(quoteTable).join(', ')}` });
  return 'changed';
}

/** REFRESH PUBLICATION: new tables are added to the subscription (and copied), dropped ones removed. */
export async function refreshSubscription(ctx: StepContext, step: Step): Promise<StepResult> {
  for (const command of step.commands) await ctx.runCommand(command);
  return 'changed';
}

const describe = (rows: ColumnRow[], table: string) => rows.filter((r) => r.t === table).map((r) => `${r.col} ${r.type}${r.not_null ? ' not null' : ''}`).join(', ');

/** What differs on each node from the first writable node: missing tables, other columns, dropped tables still there. */
async function differences(ctx: StepContext, p: Extract<Step['params'], { kind: 'verify-schema' }>, reference: string, refRows: ColumnRow[]): Promise<string[]> {
  const problems: string[] = [];
  for (const node of p.nodes) {
    if (!(await ctx.answers(node))) {
      problems.push(`${node} does not answer`);
      continue;
    }
    const rows = node === reference ? refRows : await ctx.query<ColumnRow>(node, p.database, COLUMNS_SQL, [p.tables]);
    const have = new Set(rows.map((r) => r.t));
    for (const table of p.tables) {
      if (!have.has(table)) problems.push(`${node} has no table ${table}`);
      else problems.push(...columnDifferences(table, refRows, rows).map((d) => `on ${node}: ${d} (${reference} has ${describe(refRows, table)})`));
    }
    const left = await ctx.query<{ t: string }>(node, p.database, EXISTING_TABLES_SQL, [p.dropped]);
    problems.push(...left.map((r) => `${node} still has ${r.t}`));
  }
  return problems;
}

/** The changed tables are defined alike on every node, standbys included (waiting for their replay), and dropped ones are gone. */
export async function verifySchema(ctx: StepContext, step: Step): Promise<StepResult> {
  const p = paramsOf(step, 'verify-schema');
  const reference = p.nodes.find((n) => !isStandby(ctx.topology, n)) ?? (p.nodes[0] as string);
  const refRows = await ctx.query<ColumnRow>(reference, p.database, COLUMNS_SQL, [p.tables]);
  const deadline = Date.now() + VERIFY_TIMEOUT_MS;
  let problems = await differences(ctx, p, reference, refRows);
  while (problems.length > 0 && Date.now() < deadline) {
    ctx.throwIfCancelled();
    await sleep(500);
    problems = await differences(ctx, p, reference, refRows);
  }
  if (problems.length > 0) throw new Error(`the nodes do not agree after the change (${VERIFY_TIMEOUT_MS / 1000} s): ${problems.join('; ')}. Make them equal (a standby: check that it replays), then retry`);
  for (const table of p.tables) ctx.log('info', `${table} (${describe(refRows, table)}) on ${p.nodes.join(', ')}`);
  if (p.dropped.length > 0) ctx.log('info', `${p.dropped.join(', ')} gone on ${p.nodes.join(', ')}`);
  await ctx.report({ tables: Object.fromEntries(p.tables.map((x) => [x, describe(refRows, x)])), dropped: p.dropped, nodes: p.nodes });
  return 'unchanged';
}
