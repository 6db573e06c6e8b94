import { describe, expect, it } from 'vitest';
import { sequencesBehind } from './sequences';

describe('sequences behind their data', () => {
  it('lists only sequences below their column maximum, with the setval that fixes each', () => {
    const rows = [
      { seq: 'test_id_seq', tbl: 'test', col: 'id', last: '3', max: '41' },
      { seq: 'test2_id_seq', tbl: 'test2', col: 'id', last: '9', max: '9' },
    ];
    expect(sequencesBehind(rows)).toEqual([
      {
        sequence: 'test_id_seq',
        table: 'test',
        column: 'id',
        lastValue: 3,
        maxValue: 41,
        fix: `SELECT setval('test_id_seq', (SELECT max("id") FROM public."test"))`,
      },
    ]);
  });
});
