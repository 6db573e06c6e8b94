import { describe, expect, it } from 'vitest';
import { compilePlan, compileDestroyPlan } from './compile';
import { maskedPlan } from './render';
import { renderRunbook } from './runbook';
import { cascade, fourNode, observed } from './test-topologies';
import type { Plan } from './types';

/** The plan as a readable fixture: one line per step, then its masked commands. */
function asText(plan: Plan): string {
  return maskedPlan(plan)
    .steps.map((s) => [`## ${s.id} — ${s.summary}`, ...s.commands.map((c) => c.replace(/^/gm, '    '))].join('\n'))
    .join('\n');
}

const ids = (plan: Plan) => plan.steps.map((s) => s.id);
const before = (plan: Plan, a: string, b: string) => expect(ids(plan).indexOf(a), `${a} before ${b}`).toBeLessThan(ids(plan).indexOf(b));

describe('plan-seed-four-node', () => {
  const plan = compilePlan(fourNode(), observed);

  it('matches the reviewed fixture', async () => {
    await expect(asText(plan)).toMatchFileSnapshot('fixtures/plan-seed-four-node.txt');
  });

  it('is deterministic with stable, unique ids', () => {
    expect(compilePlan(fourNode(), observed)).toEqual(plan);
    expect(new Set(ids(plan)).size).toBe(plan.steps.length);
  });

  it('runs every pre-flight check before the first change', () => {
    const firstChange = plan.steps.findIndex((s) => !s.kind.startsWith('check-'));
    expect(plan.steps.slice(firstChange).some((s) => s.kind.startsWith('check-'))).toBe(false);
    expect(plan.steps.filter((s) => s.kind === 'check-port').map((s) => s.node)).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
  });

  it('orders publishers before subscribers and the slot before the clone', () => {
    before(plan, 'vm1/create-publication/my_pub_test', 'vm2/create-subscription/my_sub_test');
    before(plan, 'vm2/create-publication/my_pub_test2', 'vm1/create-subscription/my_sub_test2');
    before(plan, 'vm2/create-publication/my_pub_test2', 'vm3/create-subscription/sub_test2_vm2');
    before(plan, 'vm3/create-physical-slot/replication_slot_4', 'vm4/clone-standby');
    before(plan, 'vm4/clone-standby', 'vm4/set-settings');
    before(plan, 'vm1/grant-select', 'vm2/create-subscription/my_sub_test');
  });

  it('builds the standby with pg_basebackup through its slot with a fast checkpoint', () => {
    const clone = plan.steps.find((s) => s.id === 'vm4/clone-standby')!;
    const cmd = clone.commands.find((c) => c.type === 'shell' && c.argv[0]?.endsWith('pg_basebackup'));
    expect(cmd?.type === 'shell' && cmd.argv).toEqual(expect.arrayContaining(['-c', 'fast', '-X', 'stream', '-S', 'replication_slot_4', '-R', '-p', '55433']));
    expect(plan.steps.some((s) => s.node === 'vm4' && ['init-cluster', 'create-database', 'create-table'].includes(s.kind))).toBe(false);
  });

  it('creates replication roles only where peers connect, never the superuser', () => {
    expect(ids(plan).filter((id) => id.includes('create-role'))).toEqual([
      'vm1/create-role/pgcascade_logical',
      'vm2/create-role/pgcascade_logical',
      'vm3/create-role/pgcascade_physical',
    ]);
  });

  it('keeps secrets as placeholders', () => {
    const text = JSON.stringify(plan);
    expect(text).toContain('{{secret:logical_password}}');
    expect(JSON.stringify(maskedPlan(plan))).not.toContain('{{secret:');
  });

  it('renders a runbook that reads secrets from the environment', () => {
    const script = renderRunbook(plan, fourNode(), observed.layout);
    expect(script).toContain('${PGCASCADE_LOGICAL_PASSWORD}');
    expect(script).toContain(': "${PGCASCADE_SUPERUSER_PASSWORD:?');
    expect(script).not.toContain('{{secret:');
    expect(script.match(/^# ── /gm)?.length).toBe(plan.steps.length);
  });
});

describe('plan-three-level-cascade', () => {
  const t = cascade();
  const plan = compilePlan(t, observed);

  it('matches the reviewed fixture', async () => {
    await expect(asText(plan)).toMatchFileSnapshot('fixtures/plan-three-level-cascade.txt');
  });

  it('clones each level after its upstream runs, and puts cascading slots on the standby itself', () => {
    before(plan, 'vm2/create-physical-slot/vm3_slot', 'vm3/clone-standby');
    before(plan, 'vm3/ensure-running', 'vm3/create-physical-slot/pgcascade_vm4');
    before(plan, 'vm3/create-physical-slot/pgcascade_vm4', 'vm4/clone-standby');
    before(plan, 'vm4/ensure-running', 'vm4/create-physical-slot/pgcascade_vm5');
    before(plan, 'vm4/create-physical-slot/pgcascade_vm5', 'vm5/clone-standby');
  });

  it('creates the physical role on the chain root only (roles replicate down the chain)', () => {
    expect(ids(plan).filter((id) => id.includes('pgcascade_physical'))).toEqual(['vm2/create-role/pgcascade_physical']);
  });

  it('archives on vm4 for vm5 and restores from there', () => {
    const vm4 = plan.steps.find((s) => s.id === 'vm4/set-settings')!;
    const vm5 = plan.steps.find((s) => s.id === 'vm5/set-settings')!;
    const settingsOf = (s: typeof vm4) => (s.params.kind === 'set-settings' ? Object.fromEntries(s.params.settings) : {});
    expect(settingsOf(vm4).archive_mode).toBe('on');
    expect(settingsOf(vm5).restore_command).toBe('cp /srv/pgcascade/clusters/c1/vm4/wal-archive/%f %p');
    expect(settingsOf(vm5).wal_level).toBe('replica');
  });
});

describe('destroy plan', () => {
  it('stops standbys before their upstreams, then removes every node', () => {
    const plan = compileDestroyPlan(fourNode(), observed);
    expect(ids(plan)).toEqual([
      'vm4/stop-node', 'vm1/stop-node', 'vm2/stop-node', 'vm3/stop-node',
      'vm4/remove-node', 'vm1/remove-node', 'vm2/remove-node', 'vm3/remove-node',
    ]);
  });
});
