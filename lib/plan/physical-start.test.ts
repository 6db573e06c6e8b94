import { describe, expect, it } from 'vitest';
import { validateTopology } from '@/lib/topology';
import { startSubscriber } from '@/lib/objects/physical-start';
import { compilePlan } from './compile';
import { cascade, observed, valid } from './test-topologies';
import type { StepOf } from './types';

/** vm2 starts from a physical copy of vm1 (cascade: vm1 publishes, vm2 subscribes). */
const withCopy = (initialCopy: string, provider = 'local') => {
  const t = cascade();
  return { ...t, provider, subscriptions: t.subscriptions.map((s) => ({ ...s, initialCopy })) };
};

describe('plan-physical-start', () => {
  const plan = compilePlan(valid(withCopy('physical')), observed);
  const ids = plan.steps.map((s) => s.id);
  const start = plan.steps.find((s) => s.id === 'vm2/start-subscriber') as StepOf<'start-subscriber'>;

  it('starts the subscriber from a clone of its publisher instead of initdb, and says so', () => {
    expect(ids).not.toContain('vm2/init-cluster');
    expect(start.summary).toMatch(/physical copy of vm1 \(pg_basebackup, fast checkpoint\).*initial copy: physical/);
    expect(plan.steps.find((s) => s.id === 'vm2/create-subscription/sub_items')?.summary).toMatch(/initial copy: physical/);
    const basebackup = start.params.clone.find((c) => c.type === 'shell' && c.argv[0]?.endsWith('pg_basebackup'));
    expect(basebackup?.type === 'shell' && basebackup.argv).toEqual(expect.arrayContaining(['-c', 'fast', '-X', 'stream']));
    expect(start.params.subscriptionSql).toMatch(/WITH \(copy_data = false, create_slot = false, enabled = false, slot_name = 'sub_items'\)$/);
    expect(start.params.slot).toBe('sub_items');
  });

  it('clones only once the publisher has its publications, and before the subscriber is configured', () => {
    const lastPublication = plan.steps.filter((s) => s.node === 'vm1' && s.kind === 'create-publication').pop();
    expect(start.needs).toContain(lastPublication?.id);
    expect(ids.indexOf('vm2/start-subscriber')).toBeLessThan(ids.indexOf('vm2/set-settings'));
  });

  it('leaves a node with a cluster as it is (a re-apply changes nothing)', () => {
    expect(startSubscriber.diff(start.params, true, {})).toBeNull();
    expect(startSubscriber.diff(start.params, false, {})).toMatchObject({ action: 'create', planned: true });
  });

  it('auto says it decides from the publisher’s size; rows keeps initdb', () => {
    const auto = compilePlan(valid(withCopy('auto')), observed).steps.find((s) => s.id === 'vm2/start-subscriber');
    expect(auto?.summary).toMatch(/auto: physical when vm1's database is at least 1 GB/);
    expect(compilePlan(valid(withCopy('rows')), observed).steps.map((s) => s.id)).toContain('vm2/init-cluster');
  });
});

describe('initialCopy validation', () => {
  const errors = (input: unknown) => {
    const r = validateTopology(input);
    return r.ok ? [] : r.errors;
  };

  it('refuses a physical start on SSH hosts, on an adopted node, and twice on one node', () => {
    expect(errors({ ...withCopy('physical'), provider: 'ssh' }).find((e) => e.path === 'subscriptions.0.initialCopy')?.message).toMatch(/local clusters so far/);
    const t = withCopy('physical');
    expect(errors({ ...t, nodes: t.nodes.map((n) => (n.name === 'vm2' ? { ...n, adopted: true } : n)) }).find((e) => e.path === 'subscriptions.0.initialCopy')?.message).toMatch(/ran before pgcascade/);
    const twice = { ...t, publications: [...t.publications, { node: 'vm1', name: 'pub_more', tables: ['items'] }], subscriptions: [...t.subscriptions, { node: 'vm2', name: 'sub_more', publisher: 'vm1', publications: ['pub_more'], initialCopy: 'auto' }] };
    expect(errors(twice).find((e) => e.path === 'subscriptions.1.initialCopy')?.message).toMatch(/already starts from a physical copy/);
  });
});
