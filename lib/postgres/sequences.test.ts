import { describe, expect, it } from 'vitest';
import { sequencesBehind, takeoverTargets } from './sequences';

describe('sequences behind their data', () => {
  it('lists only sequences below their column maximum, with the setval that fixes each', () => {
    const rows = [
      { seq: 'test_id_seq', schema: 'public', name: 'test_id_seq', tschema: 'public', tbl: 'test', col: 'id', last: '3', max: '41' },
      { seq: 'test2_id_seq', schema: 'public', name: 'test2_id_seq', tschema: 'public', tbl: 'test2', col: 'id', last: '9', max: '9' },
    ];
    expect(sequencesBehind(rows)).toEqual([
      {
        sequence: 'test_id_seq',
        table: 'public.test',
        column: 'id',
        lastValue: 3,
        maxValue: 41,
        fix: `SELECT setval('test_id_seq', (SELECT max("id") FROM "public"."test"))`,
      },
    ]);
  });
});

describe('sequences after a takeover', () => {
  const row = (name: string, last: number, max: number) => ({ seq: name, schema: 'public', name, tschema: 'public', tbl: 't', col: 'id', last: String(last), max: String(max) });
  it('takes the higher of the publisher\'s value and the column maximum, plus the margin, and never goes back', () => {
    const mine = [row('a_seq', 3, 41), row('b_seq', 5, 9), row('c_seq', 5000, 10), row('d_seq', 1, 7)];
    const theirs = [row('a_seq', 50, 50), row('b_seq', 2, 9), row('c_seq', 20, 20)];
    expect(takeoverTargets(mine, theirs, 100).map((t) => [t.name, t.value, t.publisherValue])).toEqual([
      ['a_seq', 150, 50],
      ['b_seq', 109, 2],
      // c_seq is already past 120: left alone. d_seq has no publisher value: its own max.
      ['d_seq', 107, null],
    ]);
  });
});
