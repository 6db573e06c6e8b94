import { describe, expect, it } from 'vitest';
import { compileTakeoverPlan } from '@/lib/plan/failover';
import { fourNode, observed } from '@/lib/plan/test-topologies';
import type { StepContext } from '../step-context';
import { syncSequences } from './sync-sequences';

const plan = compileTakeoverPlan(fourNode(), observed, 'vm4', 'failover', { sequenceMargin: 100 });
if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
const step = plan.plan.steps.find((s) => s.kind === 'sync-sequences')!;
const row = (name: string, last: number, max: number) => ({ seq: name, schema: 'public', name, tbl: name.replace('_id_seq', ''), col: 'id', last: String(last), max: String(max) });

function context(down: string[]) {
  const logs: string[] = [];
  const ran: Array<{ node: string; text: string; params?: unknown[] }> = [];
  const values: Record<string, ReturnType<typeof row>[]> = {
    vm1: [row('test_id_seq', 60, 60)],
    vm2: [row('test2_id_seq', 30, 30)],
    vm4: [row('test_id_seq', 1, 58), row('test2_id_seq', 1, 30)],
  };
  const partial: Partial<StepContext> = {
    query: (async (node: string, _db: string, text: string, params?: unknown[]) => {
      ran.push({ node, text, params });
      if (down.includes(node)) throw new Error('connection refused');
      return text.includes('setval(') ? [] : (values[node] ?? []);
    }) as StepContext['query'],
    log: (_stream, text) => void logs.push(text),
    report: async () => undefined,
    throwIfCancelled: () => undefined,
  };
  return { ctx: partial as StepContext, logs, ran };
}

describe('sync-sequences after a takeover', () => {
  it('runs the statements the plan shows, and sets each sequence past both its publisher and its data', async () => {
    const { ctx, logs, ran } = context([]);
    await expect(syncSequences(ctx, step)).resolves.toBe('changed');
    const shown = step.commands.map((c) => (c.type === 'sql' ? c.sql : ''));
    expect(ran.map((r) => [r.node, shown.indexOf(r.text)])).toEqual([['vm1', 0], ['vm2', 0], ['vm4', 0], ['vm4', 1], ['vm4', 1]]);
    expect(ran.slice(3).map((r) => r.params)).toEqual([['public', 'test_id_seq', '160'], ['public', 'test2_id_seq', '130']]);
    expect(logs[0]).toBe("SELECT setval('public.test_id_seq', 160, true) -- was 1; greatest(publisher 60, max 58 on vm4) + 100");
  });

  it('falls back to the node\'s own max(column) when a publisher does not answer, and says so', async () => {
    const { ctx, logs, ran } = context(['vm1']);
    await expect(syncSequences(ctx, step)).resolves.toBe('changed');
    expect(ran.filter((r) => r.text.includes('setval(')).map((r) => r.params)).toEqual([['public', 'test_id_seq', '158'], ['public', 'test2_id_seq', '130']]);
    expect(logs[0]).toContain('vm1 does not answer (connection refused)');
    expect(logs[1]).toBe("SELECT setval('public.test_id_seq', 158, true) -- was 1; max 58 on vm4 (no publisher value) + 100");
  });
});
