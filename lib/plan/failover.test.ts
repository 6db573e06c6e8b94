import { describe, expect, it } from 'vitest';
import { compileTakeoverPlan } from './failover';
import { cascade, fourNode, observed } from './test-topologies';
import { keyRanges } from '@/lib/jobs/handlers/resync-table';
import { takeoverSlot } from '@/lib/jobs/handlers/loss-check';

describe('failover and switchover plans', () => {
  it('fences vm3, promotes vm4, lets the publishers accept vm4, checks for loss, then resumes', () => {
    const r = compileTakeoverPlan(fourNode(), observed, 'vm4', 'failover');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.replaced).toBe('vm3');
    expect(r.plan.steps.map((s) => s.id)).toMatchInlineSnapshot(`
      [
        "vm3/fence-node",
        "vm4/promote-standby",
        "vm1/write-pg-hba",
        "vm1/ensure-running",
        "vm2/write-pg-hba",
        "vm2/ensure-running",
        "vm4/set-settings",
        "vm4/write-pg-hba",
        "vm4/ensure-running",
        "vm4/check-loss/sub_test_vm1",
        "vm4/check-loss/sub_test2_vm2",
        "vm4/resume-subscriptions",
        "vm4/wait-sync",
        "vm4/sync-sequences",
      ]
    `);
    const next = r.plan.topology!;
    expect(next.nodes.map((n) => n.name)).toEqual(['vm1', 'vm2', 'vm4']);
    expect(next.standbys).toEqual([]);
    expect(next.subscriptions.filter((s) => s.node === 'vm4').map((s) => s.name)).toEqual([
      'sub_test_vm1',
      'sub_test2_vm2',
    ]);
    const hba = r.plan.steps.find((s) => s.id === 'vm1/write-pg-hba')!;
    expect(JSON.stringify(hba.params)).not.toContain('vm3');
  });

  it('sets the new node\'s sequences after its subscriptions are enabled and synced, with the margin asked for', () => {
    const ids = (margin?: number) => {
      const r = compileTakeoverPlan(fourNode(), observed, 'vm4', 'switchover', margin === undefined ? {} : { sequenceMargin: margin });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return r.plan.steps;
    };
    const steps = ids();
    const at = (id: string) => steps.findIndex((s) => s.id === id);
    expect(at('vm4/sync-sequences')).toBeGreaterThan(at('vm4/resume-subscriptions'));
    expect(at('vm4/sync-sequences')).toBeGreaterThan(at('vm4/wait-sync'));
    const step = steps[at('vm4/sync-sequences')]!;
    expect(step.params).toEqual({
      kind: 'sync-sequences',
      database: 'technolabels',
      tables: ['public.test', 'public.test2'],
      publishers: [
        { node: 'vm1', tables: ['public.test'] },
        { node: 'vm2', tables: ['public.test2'] },
      ],
      margin: 1000,
    });
    // What it runs is shown: the read on the publishers and the node, and the setval.
    expect(step.commands.map((c) => (c.type === 'sql' ? c.sql.split('\n')[0] : c.type))).toEqual([
      '-- on vm1, vm2 (their tables) and on vm4 ($1 = {public.test,public.test2}): each sequence\'s last value and its column\'s max',
      "-- on vm4, per sequence: $3 = greatest(publisher's last value, max(column) on vm4) + 1000, only when that moves it forward",
    ]);
    expect(step.commands[1]).toMatchObject({ type: 'sql', sql: expect.stringContaining('setval(') });
    expect(ids(0).find((s) => s.kind === 'sync-sequences')?.params).toMatchObject({ margin: 0 });
    expect(ids(5).find((s) => s.kind === 'sync-sequences')?.summary).toContain('+ 5');
  });

  it('refuses what cannot be taken over, with the reason at "promote"', () => {
    const refuse = (node: string) => {
      const r = compileTakeoverPlan(fourNode(), observed, node, 'switchover');
      return r.ok ? null : r.issues[0];
    };
    expect(refuse('vm1')).toEqual({ path: 'promote', message: 'vm1 is not a standby in this cluster' });
    expect(refuse('nope')?.message).toContain('not a standby');
    const deep = compileTakeoverPlan(cascade(), observed, 'vm4', 'failover');
    expect(deep.ok ? null : deep.issues[0]?.message).toContain('itself a standby');
  });

  it('names a fresh slot so that a later takeover never collides with the one in use', () => {
    expect(takeoverSlot('sub_test_vm1', 'sub_test_vm1')).toBe('sub_test_vm1_takeover');
    expect(takeoverSlot('sub_test_vm1', 'sub_test_vm1_takeover')).toBe('sub_test_vm1_takeover2');
    expect(takeoverSlot('sub_test_vm1', 'sub_test_vm1_takeover2')).toBe('sub_test_vm1_takeover');
    expect(takeoverSlot('x'.repeat(63), 'y').length).toBeLessThanOrEqual(63);
  });

  it('reports re-copied integer keys as ranges', () => {
    expect(keyRanges(['[5]', '[1]', '[2]', '[3]', '[9]'])).toEqual(['1-3', '5', '9']);
    expect(keyRanges(['["a"]'])).toEqual(['["a"]']);
  });
});
