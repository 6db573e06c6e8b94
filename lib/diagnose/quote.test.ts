import { describe, expect, it } from 'vitest';
import { hbaAddress, hbaName, sqlName, sqlRelation } from './quote';

describe('quoting names taken from messages', () => {
  it('leaves plain lower-case names bare and quotes the rest', () => {
    expect(sqlName('my_sub')).toBe('my_sub');
    expect(sqlName('Sub Two')).toBe('"Sub Two"');
    expect(sqlName('Test')).toBe('"Test"');
    expect(sqlName('user')).toBe('"user"');
    expect(sqlName('a"b')).toBe('"a""b"');
  });
  it('splits a relation at the first dot', () => {
    expect(sqlRelation('public.test')).toBe('public.test');
    expect(sqlRelation('My Schema.Order Items')).toBe('"My Schema"."Order Items"');
    expect(sqlRelation('noid')).toBe('noid');
  });
  it('quotes pg_hba names that are key words or have spaces', () => {
    expect(hbaName('replicator')).toBe('replicator');
    expect(hbaName('replication')).toBe('"replication"');
    expect(hbaName('app user')).toBe('"app user"');
    expect(hbaAddress('10.0.0.3')).toBe('10.0.0.3/32');
    expect(hbaAddress('::1')).toBe('::1/128');
  });
});
