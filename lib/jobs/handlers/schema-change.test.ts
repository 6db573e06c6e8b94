import { describe, expect, it } from 'vitest';
import type { Step } from '@/lib/plan/types';
import type { StepContext } from '../step-context';
import { runDdl } from './schema-change';

function fakeContext(applied: Set<string>) {
  const ran: string[] = [];
  const ctx = {
    query: async (_node: string, _db: string, text: string) => [{ done: [...applied].some((probe) => text === probe) }],
    connect: async () => ({
      query: async (sql: string) => {
        if (sql !== 'SET search_path = public') ran.push(sql);
        return { rows: [] };
      },
      end: async () => undefined,
    }),
    log: () => undefined,
    throwIfCancelled: () => undefined,
  } as unknown as StepContext;
  return { ctx, ran };
}

const step: Step = {
  id: 'vm2/run-ddl',
  node: 'vm2',
  kind: 'run-ddl',
  summary: '',
  commands: [],
  params: { kind: 'run-ddl', database: 'app', statements: [{ sql: 'CREATE TABLE a ()', probe: 'probe a' }, { sql: 'CREATE TABLE b ()', probe: 'probe b' }] },
};

describe('runDdl', () => {
  it('runs each statement whose probe finds it missing, in order', async () => {
    const { ctx, ran } = fakeContext(new Set());
    expect(await runDdl(ctx, step)).toBe('changed');
    expect(ran).toEqual(['CREATE TABLE a ()', 'CREATE TABLE b ()']);
  });

  it('skips what a node has already (a retry after a half-done run)', async () => {
    const { ctx, ran } = fakeContext(new Set(['probe a']));
    expect(await runDdl(ctx, step)).toBe('changed');
    expect(ran).toEqual(['CREATE TABLE b ()']);
  });

  it('changes nothing where everything is applied', async () => {
    const { ctx, ran } = fakeContext(new Set(['probe a', 'probe b']));
    expect(await runDdl(ctx, step)).toBe('unchanged');
    expect(ran).toEqual([]);
  });
});
