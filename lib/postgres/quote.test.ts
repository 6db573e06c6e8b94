import { describe, expect, it } from 'vitest';
import { quoteConninfoValue, quoteIdent, quoteLiteral, quoteShell } from './quote';

describe('quoting', () => {
  it('quotes identifiers and refuses anything that is not one', () => {
    expect(quoteIdent('my_pub_test')).toBe('"my_pub_test"');
    expect(() => quoteIdent('x"; DROP TABLE y; --')).toThrow(/not a valid identifier/);
    expect(() => quoteIdent('')).toThrow();
    expect(() => quoteIdent('a'.repeat(64))).toThrow();
  });
  it('doubles quotes in literals', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
  });
  it('escapes conninfo values', () => {
    expect(quoteConninfoValue("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
  it('leaves plain shell words alone and quotes the rest', () => {
    expect(quoteShell('/usr/lib/postgresql/15/bin/initdb')).toBe('/usr/lib/postgresql/15/bin/initdb');
    expect(quoteShell("it's here")).toBe(`'it'\\''s here'`);
  });
});
