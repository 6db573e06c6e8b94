import { quoteIdent, quoteLiteral } from './quote';
import type { Statement, Token } from './sql-split';

/**
 * The schema changes pgcascade runs across a topology, recognised from their text. `additive` ones only add
 * (a subscriber may have them before its publisher); `removing` ones only take away (a publisher must lose them
 * first); anything else is `unsafe` and refused with the reason and what to do instead. Names are `schema.name`
 * (unqualified ones are in public, as the panel's connections have the default search_path).
 */
export type DdlEffect =
  | { kind: 'create-table'; table: string }
  | { kind: 'add-column'; table: string; columns: Array<{ name: string; type: string }> }
  | { kind: 'create-index'; index: string; table: string }
  | { kind: 'create-sequence'; sequence: string }
  | { kind: 'create-type'; type: string }
  | { kind: 'create-schema'; schema: string }
  | { kind: 'drop-column'; table: string; columns: string[] }
  | { kind: 'drop-table'; tables: string[] }
  | { kind: 'drop-index'; indexes: string[] };

export type DdlClass = 'additive' | 'removing';

export type ClassifiedStatement =
  | { class: DdlClass; sql: string; effect: DdlEffect }
  | { class: 'unsafe'; sql: string; reason: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** ALTER COLUMN … TYPE or a RENAME of a replicated table: what to do instead. */
export const ALTER_TYPE_PROCEDURE =
  'logical replication sends rows by column name and type, so the publisher and its subscribers must change at once, which no order can do. Instead: ' +
  '1) add a new column of the new type here (ALTER TABLE … ADD COLUMN; subscribers get it first), ' +
  '2) on the publisher fill it from the old one (UPDATE … SET new = old::newtype) and make the application write both, ' +
  '3) switch readers to the new column, 4) drop the old column here (ALTER TABLE … DROP COLUMN; publishers first). ' +
  'Or, with writes to the table stopped: disable the subscriptions that receive it, run the statement on every writable node yourself, then enable them again';
export const RENAME_PROCEDURE =
  'subscribers match tables and columns by name, and the topology names the published tables. Instead: ' +
  'create the new table or column here, copy the data on the publisher, publish it (publish: …), move the application over, then drop the old one here. ' +
  'Or, with writes stopped: disable the subscriptions that receive it, rename it on every writable node yourself, change the topology\'s publication tables and re-apply';
const RUN_YOURSELF = 'pgcascade runs only CREATE TABLE / INDEX / SEQUENCE / TYPE / SCHEMA, ALTER TABLE … ADD COLUMN / DROP COLUMN, DROP TABLE and DROP INDEX across the topology; run anything else on each node yourself (psql), in the order its effect needs';

class Cursor {
  i = 0;
  constructor(readonly tokens: Token[]) {}
  peek(n = 0): Token | undefined {
    return this.tokens[this.i + n];
  }
  isWord(...words: string[]): boolean {
    const t = this.peek();
    return t?.kind === 'word' && words.includes(t.value);
  }
  /** Consume the words in order when they all come next. */
  accept(...words: string[]): boolean {
    const ok = words.every((w, k) => this.peek(k)?.kind === 'word' && this.peek(k)?.value === w);
    if (ok) this.i += words.length;
    return ok;
  }
  isPunct(p: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.value === p;
  }
  get done(): boolean {
    return this.i >= this.tokens.length;
  }
  /** One identifier (a word or a quoted name), or null. */
  name(): string | null {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'ident') || !IDENTIFIER.test(t.value)) return null;
    this.i += 1;
    return t.value;
  }
  /** `name` or `schema.name`, as `schema.name`. */
  qualified(): string | null {
    const first = this.name();
    if (!first) return null;
    if (!this.isPunct('.')) return `public.${first}`;
    this.i += 1;
    const second = this.name();
    return second ? `${first}.${second}` : null;
  }
}

const unsafe = (sql: string, reason: string): ClassifiedStatement => ({ class: 'unsafe', sql, reason });

/** The tokens of a statement split at top-level commas (ALTER TABLE's actions). */
function actions(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.value === '(') depth += 1;
    if (t.kind === 'punct' && t.value === ')') depth -= 1;
    if (t.kind === 'punct' && t.value === ',' && depth === 0) out.push([]);
    else (out[out.length - 1] as Token[]).push(t);
  }
  return out;
}

const COLUMN_CONSTRAINT_WORDS = ['default', 'not', 'null', 'constraint', 'primary', 'unique', 'check', 'references', 'generated', 'collate', 'compression'];
const NON_CONSTANT_WORDS = ['current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp', 'current_user', 'session_user', 'user', 'current_role'];

/** Why a column definition would give existing rows different values on each node, or null. */
function perNodeValues(type: string, rest: Token[]): string | null {
  if (/^(small|big)?serial\b|^serial[248]\b/.test(type)) return `its type ${type} numbers existing rows from each node's own new sequence`;
  if (rest.some((t) => t.kind === 'word' && t.value === 'generated')) return 'a generated or identity column is computed on each node separately';
  const at = rest.findIndex((t) => t.kind === 'word' && t.value === 'default');
  if (at < 0) return null;
  const expr = rest.slice(at + 1);
  const call = expr.some((t, k) => t.kind === 'word' && expr[k + 1]?.kind === 'punct' && expr[k + 1]?.value === '(');
  if (call || expr.some((t) => t.kind === 'word' && NON_CONSTANT_WORDS.includes(t.value))) return 'its DEFAULT is computed on each node separately, so existing rows would get different values';
  return null;
}

function addColumn(sql: string, part: Token[]): { name: string; type: string } | string {
  const c = new Cursor(part);
  c.accept('add');
  if (c.isWord('constraint', 'primary', 'unique', 'check', 'foreign', 'exclude')) return 'ALTER TABLE … ADD of a constraint is not one of the changes pgcascade runs';
  c.accept('column');
  c.accept('if', 'not', 'exists');
  const name = c.name();
  if (!name || c.done) return 'ADD COLUMN needs a column name and a type';
  const typeStart = c.i;
  while (!c.done && !c.isWord(...COLUMN_CONSTRAINT_WORDS)) c.i += 1;
  const first = part[typeStart] as Token;
  const last = part[c.i - 1] as Token;
  if (c.i === typeStart) return `ADD COLUMN ${name} needs a type`;
  const type = sql.slice(first.start, last.end).toLowerCase();
  const perNode = perNodeValues(type, part.slice(c.i));
  if (perNode) return `ADD COLUMN ${name}: ${perNode}; add it without that default (or with a constant one), fill it on the publisher (UPDATE replicates), then ALTER … SET DEFAULT on each node`;
  return { name, type };
}

function dropColumn(part: Token[]): string | null {
  const c = new Cursor(part);
  c.accept('drop');
  if (c.isWord('constraint')) return null;
  c.accept('column');
  c.accept('if', 'exists');
  const name = c.name();
  if (!c.accept('cascade')) c.accept('restrict');
  return name && c.done ? name : null;
}

function alterTable(s: Statement, c: Cursor, replicated: ReadonlySet<string>): ClassifiedStatement {
  c.accept('if', 'exists');
  c.accept('only');
  const table = c.qualified();
  if (!table) return unsafe(s.text, 'ALTER TABLE needs a table name (letters, digits, _ or $)');
  if (c.isPunct('*')) c.i += 1;
  const isReplicated = replicated.has(table);
  const parts = actions(s.tokens.slice(c.i));
  const heads = parts.map((p) => (p[0]?.kind === 'word' ? p[0].value : ''));
  const columnOf = (p: Token[]) => new Cursor(p.slice(p[1]?.kind === 'word' && p[1].value === 'column' ? 2 : 1)).name();
  if (heads.includes('rename')) return unsafe(s.text, isReplicated ? `${table} is replicated: a RENAME would break it; ${RENAME_PROCEDURE}` : `RENAME is not one of the changes pgcascade runs; ${RUN_YOURSELF}`);
  const altered = parts.find((p, k) => heads[k] === 'alter' && p.some((t) => t.kind === 'word' && t.value === 'type'));
  if (altered) return unsafe(s.text, isReplicated ? `${table} is replicated: changing the type of ${columnOf(altered) ?? 'a column'} on one node at a time breaks replication; ${ALTER_TYPE_PROCEDURE}` : `ALTER COLUMN … TYPE is not one of the changes pgcascade runs; ${RUN_YOURSELF}`);
  if (heads.every((h) => h === 'add')) {
    const columns: Array<{ name: string; type: string }> = [];
    for (const p of parts) {
      const col = addColumn(s.text, p);
      if (typeof col === 'string') return unsafe(s.text, col);
      columns.push(col);
    }
    return { class: 'additive', sql: s.text, effect: { kind: 'add-column', table, columns } };
  }
  if (heads.every((h) => h === 'drop')) {
    const columns = parts.map(dropColumn);
    if (columns.some((x) => x === null)) return unsafe(s.text, `only DROP COLUMN <name> [CASCADE] is run across the topology; ${RUN_YOURSELF}`);
    return { class: 'removing', sql: s.text, effect: { kind: 'drop-column', table, columns: columns as string[] } };
  }
  if (heads.includes('add') && heads.includes('drop')) return unsafe(s.text, 'an ALTER TABLE that both adds and drops needs two orders (subscribers first, then publishers first): submit the ADD and the DROP separately');
  return unsafe(s.text, `this ALTER TABLE action is not one of the changes pgcascade runs; ${RUN_YOURSELF}`);
}

function createStatement(s: Statement, c: Cursor): ClassifiedStatement {
  if (c.isWord('temp', 'temporary')) return unsafe(s.text, 'a temporary object lives only in one session: there is nothing to replicate');
  c.accept('unlogged');
  if (c.accept('table')) {
    c.accept('if', 'not', 'exists');
    const table = c.qualified();
    if (!table) return unsafe(s.text, 'CREATE TABLE needs a table name (letters, digits, _ or $)');
    if (c.isWord('as') || s.tokens.slice(c.i).some((t) => t.kind === 'word' && t.value === 'select')) return unsafe(s.text, 'CREATE TABLE … AS fills the table on each node from its own rows: create it empty here, then fill it on the publisher');
    return { class: 'additive', sql: s.text, effect: { kind: 'create-table', table } };
  }
  c.accept('unique');
  if (c.accept('index')) {
    c.accept('concurrently');
    c.accept('if', 'not', 'exists');
    if (c.isWord('on')) return unsafe(s.text, 'name the index (CREATE INDEX <name> ON …) so that a retry can tell where it already exists');
    const index = c.name();
    if (!index || !c.accept('on')) return unsafe(s.text, 'CREATE INDEX needs <name> ON <table>');
    c.accept('only');
    const table = c.qualified();
    if (!table) return unsafe(s.text, 'CREATE INDEX needs the table it is on');
    return { class: 'additive', sql: s.text, effect: { kind: 'create-index', index: `${table.split('.')[0]}.${index}`, table } };
  }
  if (c.accept('sequence')) {
    c.accept('if', 'not', 'exists');
    const sequence = c.qualified();
    return sequence ? { class: 'additive', sql: s.text, effect: { kind: 'create-sequence', sequence } } : unsafe(s.text, 'CREATE SEQUENCE needs a name');
  }
  if (c.accept('type')) {
    const type = c.qualified();
    return type ? { class: 'additive', sql: s.text, effect: { kind: 'create-type', type } } : unsafe(s.text, 'CREATE TYPE needs a name');
  }
  if (c.accept('schema')) {
    c.accept('if', 'not', 'exists');
    const schema = c.isWord('authorization') ? null : c.name();
    if (c.accept('authorization')) c.name();
    if (!schema || !c.done) return unsafe(s.text, 'only CREATE SCHEMA [IF NOT EXISTS] <name> [AUTHORIZATION <role>] is run; create the objects in it with their own statements');
    return { class: 'additive', sql: s.text, effect: { kind: 'create-schema', schema } };
  }
  return unsafe(s.text, `this CREATE is not one of the changes pgcascade runs; ${RUN_YOURSELF}`);
}

/** DROP TABLE / DROP INDEX a, b [CASCADE | RESTRICT]: the names, or null when it is not that shape. */
function dropList(c: Cursor): string[] | null {
  c.accept('if', 'exists');
  const names: string[] = [];
  for (;;) {
    const n = c.qualified();
    if (!n) return null;
    names.push(n);
    if (!c.isPunct(',')) break;
    c.i += 1;
  }
  if (!c.accept('cascade')) c.accept('restrict');
  return c.done ? names : null;
}

/** Recognise one statement; `replicated`: the tables some publication of the topology publishes (`schema.name`). */
export function classifyStatement(s: Statement, replicated: ReadonlySet<string>): ClassifiedStatement {
  const c = new Cursor(s.tokens);
  if (s.tokens.some((t) => (t.kind === 'word' || t.kind === 'ident') && t.value.startsWith('pgcascade_'))) return unsafe(s.text, 'pgcascade_ objects belong to pgcascade (heartbeat, write guards): it manages them itself');
  if (c.isWord('begin', 'commit', 'start', 'end', 'rollback', 'savepoint')) return unsafe(s.text, 'leave out transaction control: each statement runs on its own on each node, and a retry skips those already applied there');
  if (c.isWord('insert', 'update', 'delete', 'copy', 'merge')) return unsafe(s.text, 'row changes are not schema changes: run them on the publisher and logical replication carries them');
  if (c.accept('create')) return createStatement(s, c);
  if (c.accept('alter', 'table')) return alterTable(s, c, replicated);
  if (c.accept('drop', 'table')) {
    const tables = dropList(c);
    return tables ? { class: 'removing', sql: s.text, effect: { kind: 'drop-table', tables } } : unsafe(s.text, 'DROP TABLE needs table names (letters, digits, _ or $), optionally CASCADE');
  }
  if (c.accept('drop', 'index')) {
    c.accept('concurrently');
    const indexes = dropList(c);
    return indexes ? { class: 'removing', sql: s.text, effect: { kind: 'drop-index', indexes } } : unsafe(s.text, 'DROP INDEX needs index names, optionally CASCADE');
  }
  return unsafe(s.text, `not recognised as a schema change pgcascade runs; ${RUN_YOURSELF}`);
}

const relation = (qualifiedName: string) => {
  const [schema, name] = qualifiedName.split('.') as [string, string];
  return quoteLiteral(`${quoteIdent(schema)}.${quoteIdent(name)}`);
};
const columnsOf = (table: string, columns: string[]) =>
  `FROM pg_attribute WHERE attrelid = to_regclass(${relation(table)}) AND attnum > 0 AND NOT attisdropped AND attname = ANY (ARRAY[${columns.map(quoteLiteral).join(', ')}]::text[])`;

/** A query answering `done`: whether the statement's effect is already there on a node (then it is not run again). */
export function appliedProbe(effect: DdlEffect): string {
  switch (effect.kind) {
    case 'create-table':
      return `SELECT to_regclass(${relation(effect.table)}) IS NOT NULL AS done`;
    case 'create-index':
      return `SELECT to_regclass(${relation(effect.index)}) IS NOT NULL AS done`;
    case 'create-sequence':
      return `SELECT to_regclass(${relation(effect.sequence)}) IS NOT NULL AS done`;
    case 'create-type':
      return `SELECT to_regtype(${relation(effect.type)}) IS NOT NULL AS done`;
    case 'create-schema':
      return `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${quoteLiteral(effect.schema)}) AS done`;
    case 'add-column':
      return `SELECT count(*) = ${effect.columns.length} AS done ${columnsOf(effect.table, effect.columns.map((x) => x.name))}`;
    case 'drop-column':
      return `SELECT count(*) = 0 AS done ${columnsOf(effect.table, effect.columns)}`;
    case 'drop-table':
      return `SELECT ${effect.tables.map((x) => `to_regclass(${relation(x)}) IS NULL`).join(' AND ')} AS done`;
    case 'drop-index':
      return `SELECT ${effect.indexes.map((x) => `to_regclass(${relation(x)}) IS NULL`).join(' AND ')} AS done`;
  }
}

/** The tables whose columns a statement changes or makes (what the check afterwards compares on every node). */
export function changedTables(effect: DdlEffect): { defined: string[]; dropped: string[] } {
  switch (effect.kind) {
    case 'create-table':
    case 'add-column':
    case 'drop-column':
      return { defined: [effect.table], dropped: [] };
    case 'drop-table':
      return { defined: [], dropped: effect.tables };
    default:
      return { defined: [], dropped: [] };
  }
}
