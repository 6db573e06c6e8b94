import { describe, expect, it } from 'vitest';
import { validateTopology } from '@/lib/topology';
import example from '@/examples/four-node.local.json';
import { insertTestRow, TestRowError } from './live';
import type { NodeAccess } from './endpoints';

const unreachable: NodeAccess = {
  user: 'postgres',
  password: '',
  mask: (t) => t,
  endpoint: () => Promise.reject(new Error('no node may be reached by a refused insert')),
  reset: () => undefined,
};

describe('insertTestRow', () => {
  it('refuses a table whose key PostgreSQL does not fill in, with a 422 at "table", before reaching any node', async () => {
    const input = structuredClone(example);
    input.tables[0]!.columns[0]!.type = 'bigint';
    const result = validateTopology(input);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const refused = await insertTestRow(result.topology, unreachable, 'vm1', 'test').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TestRowError);
    expect(refused).toMatchObject({ status: 422, path: 'table' });
    expect((refused as Error).message).toContain('id is bigint');
  });
});
