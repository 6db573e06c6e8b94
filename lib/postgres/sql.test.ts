import { describe, expect, it } from 'vitest';
import { createSubscriptionSql, createTableSql, createReplicationRoleSql } from './sql';

describe('SQL builders', () => {
  it('creates the reference table with its primary key', () => {
    expect(
      createTableSql({ name: 'test', columns: [{ name: 'id', type: 'serial', primaryKey: true }, { name: 'data', type: 'varchar(100)' }] }),
    ).toBe('CREATE TABLE IF NOT EXISTS public."test" (\n  "id" serial,\n  "data" varchar(100),\n  PRIMARY KEY ("id")\n)');
  });
  it('quotes the connection string as a literal', () => {
    const sql = createSubscriptionSql('sub', { host: '127.0.0.1', port: 55431, dbname: 'db', user: 'u', password: "p'w" }, ['pub']);
    expect(sql).toBe(
      `CREATE SUBSCRIPTION "sub" CONNECTION 'host=''127.0.0.1'' port=55431 dbname=''db'' user=''u'' password=''p\\''w''' PUBLICATION "pub"`,
    );
  });
  it('never makes a superuser', () => {
    expect(createReplicationRoleSql('r', 'x')).toContain('NOSUPERUSER');
  });
  it('refuses an unchecked identifier', () => {
    expect(() => createReplicationRoleSql('r"; drop', 'x')).toThrow();
  });
});
