import { describe, expect, it } from 'vitest';
import { appliedProbe, classifyStatement, type ClassifiedStatement } from './ddl';
import { splitStatements, SqlSyntaxError } from './sql-split';

const replicated = new Set(['public.test', 'app.orders']);
const classify = (sql: string): ClassifiedStatement[] => splitStatements(sql).map((s) => classifyStatement(s, replicated));
const one = (sql: string) => classify(sql)[0] as ClassifiedStatement;

describe('splitStatements', () => {
  it('splits at top-level semicolons only, keeping quotes, dollar quotes and comments intact', () => {
    const parts = splitStatements(`CREATE TABLE a (x text DEFAULT 'a;b'); -- c;d
      /* e; /* nested; */ f */ CREATE TYPE "we;ird" AS ENUM ('x');; CREATE TABLE b (y text DEFAULT $q$;$q$)`);
    expect(parts.map((p) => p.text)).toEqual([`CREATE TABLE a (x text DEFAULT 'a;b')`, `CREATE TYPE "we;ird" AS ENUM ('x')`, 'CREATE TABLE b (y text DEFAULT $q$;$q$)']);
  });

  it('finds nothing in comments and semicolons', () => {
    expect(splitStatements('-- nothing\n ; ;')).toEqual([]);
  });

  it.each([["SELECT 'open"], ['SELECT "open'], ['SELECT $x$ open'], ['/* open'], ['CREATE TABLE t (a int'], ['SELECT 1)']])('refuses %s', (sql) => {
    expect(() => splitStatements(sql)).toThrow(SqlSyntaxError);
  });
});

describe('classifyStatement', () => {
  it('recognises the additive statements with their effects', () => {
    expect(classify(`ALTER TABLE test ADD COLUMN note text DEFAULT 'x'; CREATE TABLE audit(id bigserial primary key, msg text)`)).toEqual([
      { class: 'additive', sql: `ALTER TABLE test ADD COLUMN note text DEFAULT 'x'`, effect: { kind: 'add-column', table: 'public.test', columns: [{ name: 'note', type: 'text' }] } },
      { class: 'additive', sql: 'CREATE TABLE audit(id bigserial primary key, msg text)', effect: { kind: 'create-table', table: 'public.audit' } },
    ]);
    expect(one('ALTER TABLE IF EXISTS ONLY app.orders ADD IF NOT EXISTS qty numeric(10, 2) NOT NULL DEFAULT 0, ADD COLUMN "Tag" varchar(20)')).toMatchObject({
      class: 'additive',
      effect: { kind: 'add-column', table: 'app.orders', columns: [{ name: 'qty', type: 'numeric(10, 2)' }, { name: 'Tag', type: 'varchar(20)' }] },
    });
    expect(one('create unique index concurrently if not exists orders_qty on app.orders (qty)')).toMatchObject({ class: 'additive', effect: { kind: 'create-index', index: 'app.orders_qty', table: 'app.orders' } });
    expect(one('CREATE SEQUENCE IF NOT EXISTS app.seq START 10')).toMatchObject({ class: 'additive', effect: { kind: 'create-sequence', sequence: 'app.seq' } });
    expect(one(`CREATE TYPE mood AS ENUM ('sad', 'ok')`)).toMatchObject({ class: 'additive', effect: { kind: 'create-type', type: 'public.mood' } });
    expect(one('CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION postgres')).toMatchObject({ class: 'additive', effect: { kind: 'create-schema', schema: 'app' } });
  });

  it('recognises the removing statements', () => {
    expect(one('ALTER TABLE test DROP COLUMN note CASCADE')).toMatchObject({ class: 'removing', effect: { kind: 'drop-column', table: 'public.test', columns: ['note'] } });
    expect(one('ALTER TABLE test DROP note, DROP COLUMN IF EXISTS other')).toMatchObject({ class: 'removing', effect: { kind: 'drop-column', columns: ['note', 'other'] } });
    expect(one('DROP TABLE IF EXISTS audit, app.old CASCADE')).toMatchObject({ class: 'removing', effect: { kind: 'drop-table', tables: ['public.audit', 'app.old'] } });
    expect(one('DROP INDEX CONCURRENTLY app.orders_qty')).toMatchObject({ class: 'removing', effect: { kind: 'drop-index', indexes: ['app.orders_qty'] } });
  });

  it('refuses a type change or a rename of a replicated table with the manual procedure', () => {
    const altered = one('ALTER TABLE test ALTER COLUMN data TYPE text');
    expect(altered.class).toBe('unsafe');
    expect(altered).toMatchObject({ reason: expect.stringMatching(/public\.test is replicated.*add a new column of the new type.*drop the old column/) });
    expect(one('ALTER TABLE test ALTER data SET DATA TYPE bigint')).toMatchObject({ class: 'unsafe', reason: expect.stringContaining('replicated') });
    expect(one('ALTER TABLE test RENAME COLUMN data TO body')).toMatchObject({ class: 'unsafe', reason: expect.stringMatching(/replicated: a RENAME.*create the new table or column here/) });
    expect(one('ALTER TABLE app.orders RENAME TO orders2')).toMatchObject({ class: 'unsafe', reason: expect.stringContaining('app.orders is replicated') });
    // Not replicated: still not run, but the reason says so.
    expect(one('ALTER TABLE local_only ALTER COLUMN a TYPE int')).toMatchObject({ class: 'unsafe', reason: expect.stringContaining('is not one of the changes') });
  });

  it.each([
    ['UPDATE test SET data = 1', /row changes/],
    ['BEGIN', /transaction control/],
    ['CREATE TEMP TABLE x (a int)', /temporary/],
    ['CREATE TABLE copy AS SELECT * FROM test', /fills the table on each node/],
    ['CREATE INDEX ON test (data)', /name the index/],
    ['ALTER TABLE test ADD CONSTRAINT c CHECK (id > 0)', /constraint/],
    ['ALTER TABLE test ADD COLUMN n bigserial', /numbers existing rows/],
    ['ALTER TABLE test ADD COLUMN at timestamptz DEFAULT now()', /computed on each node/],
    ['ALTER TABLE test ADD COLUMN at timestamptz DEFAULT CURRENT_TIMESTAMP', /computed on each node/],
    ['ALTER TABLE test ADD COLUMN a int, DROP COLUMN data', /submit the ADD and the DROP separately/],
    ['ALTER TABLE test ALTER COLUMN data SET DEFAULT 1', /not one of the changes/],
    ['ALTER TABLE test DROP CONSTRAINT test_pkey', /only DROP COLUMN/],
    ['DROP TABLE pgcascade_heartbeat', /belong to pgcascade/],
    ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql', /not one of the changes/],
    ['GRANT SELECT ON test TO someone', /not recognised/],
  ])('refuses %s', (sql, reason) => {
    expect(one(sql)).toMatchObject({ class: 'unsafe', reason: expect.stringMatching(reason) });
  });

  it('keeps a quoted identifier as written and a constant default as additive', () => {
    expect(one(`ALTER TABLE "Test" ADD COLUMN flag boolean DEFAULT false NOT NULL`)).toMatchObject({ class: 'additive', effect: { table: 'public.Test' } });
    expect(one(`ALTER TABLE test ADD COLUMN note text DEFAULT 'x'::text`)).toMatchObject({ class: 'additive' });
  });
});

describe('appliedProbe', () => {
  it('asks the catalog whether the effect is there, with quoted names', () => {
    expect(appliedProbe({ kind: 'create-table', table: 'public.audit' })).toBe(`SELECT to_regclass('"public"."audit"') IS NOT NULL AS done`);
    expect(appliedProbe({ kind: 'add-column', table: 'public.test', columns: [{ name: 'note', type: 'text' }] })).toBe(
      `SELECT count(*) = 1 AS done FROM pg_attribute WHERE attrelid = to_regclass('"public"."test"') AND attnum > 0 AND NOT attisdropped AND attname = ANY (ARRAY['note']::text[])`,
    );
    expect(appliedProbe({ kind: 'drop-table', tables: ['public.a', 'app.b'] })).toBe(`SELECT to_regclass('"public"."a"') IS NULL AND to_regclass('"app"."b"') IS NULL AS done`);
  });
});
