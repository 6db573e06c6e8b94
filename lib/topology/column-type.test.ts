import { describe, expect, it } from 'vitest';
import { isPlainTypeName } from './column-type';

// The regex this replaces, kept here only to prove both accept the same short inputs.
const OLD = /^[a-z][a-z0-9_]*( [a-z][a-z0-9_]*)*( ?\(\d{1,4}( ?, ?\d{1,4})?\))?( [a-z][a-z0-9_]*)*(\[\])?$/;

describe('column type names', () => {
  it('accepts plain type names and refuses anything else', () => {
    for (const t of ['integer', 'varchar(100)', 'varchar (100)', 'numeric(10, 2)', 'numeric(10,2)', 'numeric(10 ,2)', 'timestamp with time zone', 'timestamp(3) with time zone', 'text[]', 'character varying(20)[]', 'bit varying']) {
      expect(isPlainTypeName(t), t).toBe(true);
    }
    for (const t of ['', 'Integer', 'int;drop', 'varchar(100', 'numeric(1,2,3)', 'numeric(12345)', 'a  b', ' a', 'a ', 'text[][]', 'x(1)(2)', 'a(1)b', 'numeric( 1)', 'x'.repeat(101)]) {
      expect(isPlainTypeName(t), t).toBe(false);
    }
  });

  it('agrees with the old pattern on every short input built from its alphabet', () => {
    const alphabet = ['a', 'b1', ' ', '(', ')', '1', ',', '[]', ', '];
    const inputs: string[] = [''];
    for (let len = 0; len < 5; len++) for (const p of [...inputs]) for (const c of alphabet) inputs.push(p + c);
    for (const t of new Set(inputs)) expect(isPlainTypeName(t), JSON.stringify(t)).toBe(t.length > 0 && t.length <= 100 && OLD.test(t));
  });

  it('answers at once on long input that made the old pattern backtrack', () => {
    const evil = `${'a '.repeat(5000)}!`;
    expect(isPlainTypeName(evil)).toBe(false);
  });
});
