import { describe, expect, it } from 'vitest';
import { compilePlan } from './compile';
import { compileReconcilePlan } from './reconcile';
import { cascade, fourNode, observed } from './test-topologies';
import type { Plan } from './types';

const full = compilePlan(fourNode(), observed);
const reconcile = (plan: Plan, ...stepIds: string[]) => compileReconcilePlan(plan, stepIds.map((stepId) => ({ stepId }))).steps.map((s) => s.id);

describe('plan-reconcile-four-node', () => {
  it('is empty without drift', () => {
    expect(reconcile(full)).toEqual([]);
  });

  it('reloads or restarts a node after its settings or pg_hba.conf, after its pre-flight checks', () => {
    expect(reconcile(full, 'vm1/set-settings')).toEqual(['*/check-binaries', 'vm1/check-port', 'vm1/set-settings', 'vm1/ensure-running']);
    expect(reconcile(full, 'vm3/write-pg-hba', 'vm3/write-pg-hba')).toEqual(['*/check-binaries', 'vm3/check-port', 'vm3/write-pg-hba', 'vm3/ensure-running']);
  });

  it('starts an unreachable node', () => {
    expect(reconcile(full, 'vm2/ensure-running')).toEqual(['*/check-binaries', 'vm2/check-port', 'vm2/ensure-running']);
  });

  it('keeps the full plan’s order whatever the order of the drift', () => {
    expect(reconcile(full, 'vm3/create-subscription/sub_test2_vm2', 'vm1/create-role/pgcascade_logical', 'vm1/set-settings')).toEqual([
      '*/check-binaries',
      'vm1/check-port',
      'vm3/check-port',
      'vm1/set-settings',
      'vm1/ensure-running',
      'vm1/create-role/pgcascade_logical',
      'vm3/check-reachable/vm2',
      'vm3/create-subscription/sub_test2_vm2',
      'vm3/enable-subscriptions',
      'vm3/wait-sync',
    ]);
  });

  it('grants and publishes a table made again', () => {
    expect(reconcile(full, 'vm1/create-table/test')).toEqual(['*/check-binaries', 'vm1/check-port', 'vm1/create-table/test', 'vm1/grant-select', 'vm1/create-publication/my_pub_test']);
    expect(reconcile(full, 'vm2/create-heartbeat').slice(2)).toEqual([
      'vm2/create-heartbeat',
      'vm2/create-monitor-role',
      'vm2/grant-select',
      'vm2/create-publication/pgcascade_hb_vm2',
    ]);
  });

  it('redoes everything inside a missing database', () => {
    expect(reconcile(full, 'vm2/create-database').slice(2)).toEqual([
      'vm2/create-database',
      'vm2/create-table/test',
      'vm2/create-table/test2',
      'vm2/create-heartbeat',
      'vm2/create-monitor-role',
      'vm2/grant-select',
      'vm2/create-publication/my_pub_test2',
      'vm2/create-publication/pgcascade_hb_vm2',
      'vm2/check-reachable/vm1',
      'vm2/create-subscription/my_sub_test',
      'vm2/enable-subscriptions',
      'vm2/wait-sync',
    ]);
  });

  it('re-clones a standby through its upstream’s slot, then rewrites its files and starts it', () => {
    expect(reconcile(full, 'vm4/clone-standby')).toEqual([
      '*/check-binaries',
      'vm3/check-port',
      'vm4/check-port',
      'vm3/create-physical-slot/replication_slot_4',
      'vm4/check-reachable/vm3',
      'vm4/clone-standby',
      'vm4/set-settings',
      'vm4/write-pg-hba',
      'vm4/ensure-running',
    ]);
  });

  it('ignores drift on steps the plan lacks and never runs a check twice', () => {
    expect(reconcile(full, 'vm9/set-settings', '*/check-binaries')).toEqual([]);
  });
});

describe('plan-reconcile-three-level-cascade', () => {
  it('recreates the slots a re-cloned middle standby holds for its own standby', () => {
    const plan = compilePlan(cascade(), observed);
    expect(reconcile(plan, 'vm4/clone-standby').filter((id) => !id.includes('check-port') && id !== '*/check-binaries')).toEqual([
      'vm3/create-physical-slot/pgcascade_vm4',
      'vm4/check-reachable/vm3',
      'vm4/clone-standby',
      'vm4/set-settings',
      'vm4/write-pg-hba',
      'vm4/ensure-running',
      'vm4/create-physical-slot/pgcascade_vm5',
    ]);
  });
});
