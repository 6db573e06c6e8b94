import { describe, expect, it } from 'vitest';
import { compilePlan, compileDestroyPlan } from './compile';
import { maskedPlan } from './render';
import { renderRunbook } from './runbook';
import { cascade, fourNode, observed, valid } from './test-topologies';
import type { Observed } from './layout';
import type { Plan } from './types';
import sshExample from '@/examples/four-node.ssh.json';

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
    // Reachability is tested later, once the upstream listens.
    expect(plan.steps.slice(firstChange).filter((s) => s.kind.startsWith('check-')).every((s) => s.kind === 'check-reachable')).toBe(true);
    expect(plan.steps.filter((s) => s.kind === 'check-port').map((s) => s.node)).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
    // Local nodes share the panel's clock.
    expect(plan.steps.some((s) => s.kind === 'check-clock')).toBe(false);
  });

  it('tests each subscriber-to-publisher and standby-to-upstream path from the node itself, right before it connects', () => {
    const checks = plan.steps.filter((s) => s.kind === 'check-reachable');
    expect(checks.map((s) => s.id)).toEqual([
      'vm1/check-reachable/vm2',
      'vm2/check-reachable/vm1',
      'vm3/check-reachable/vm1',
      'vm3/check-reachable/vm2',
      'vm4/check-reachable/vm3',
    ]);
    expect(ids(plan).indexOf('vm1/create-subscription/my_sub_test2') - ids(plan).indexOf('vm1/check-reachable/vm2')).toBe(1);
    expect(ids(plan).indexOf('vm4/clone-standby') - ids(plan).indexOf('vm4/check-reachable/vm3')).toBe(1);
    before(plan, 'vm3/ensure-running', 'vm4/check-reachable/vm3');
    const sub = plan.steps.find((s) => s.id === 'vm3/create-subscription/sub_test2_vm2')!;
    const check = plan.steps.find((s) => s.id === 'vm3/check-reachable/vm2')!;
    expect(check.params).toMatchObject(sub.params.kind === 'create-subscription' ? { host: sub.params.host, port: sub.params.port } : {});
    expect(check.commands).toEqual([{ type: 'shell', argv: ['/usr/lib/postgresql/15/bin/pg_isready', '-h', '127.0.0.1', '-p', '55432', '-t', '5'], asPostgres: false }]);
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
    expect(cmd?.type === 'shell' && cmd.argv).toEqual(expect.arrayContaining(['-c', 'fast', '-X', 'stream', '-S', 'replication_slot_4']));
    // Not -R (it writes the password into primary_conninfo): the password comes from the passfile.
    expect(cmd?.type === 'shell' && cmd.argv).not.toContain('-R');
    expect(cmd?.type === 'shell' && cmd.argv.join(' ')).toMatch(/-d user='pgcascade_physical' passfile='.*\/vm4\/pgpass' host='127\.0\.0\.1' port='55433'/);
    expect(cmd?.type === 'shell' && cmd.env).toBeUndefined();
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

describe('plan-seed-four-node over SSH', () => {
  const t = valid(sshExample);
  const ssh: Observed = { layout: { kind: 'debian', version: 15 } };
  const plan = compilePlan(t, ssh);

  it('checks every host, its clock and its port before the first change', () => {
    const firstChange = plan.steps.findIndex((s) => !s.kind.startsWith('check-'));
    expect(ids(plan).slice(0, firstChange)).toEqual([
      'vm1/check-host', 'vm1/check-clock', 'vm2/check-host', 'vm2/check-clock',
      'vm3/check-host', 'vm3/check-clock', 'vm4/check-host', 'vm4/check-clock',
      'vm1/check-port', 'vm2/check-port', 'vm3/check-port', 'vm4/check-port',
    ]);
    expect(plan.steps.find((s) => s.id === 'vm1/check-clock')?.params).toEqual({ kind: 'check-clock', warnMs: 1000, blockMs: 300_000 });
  });

  it('tests the standby-to-upstream path with the installed pg_isready, at the address the clone uses', () => {
    const check = plan.steps.find((s) => s.id === 'vm4/check-reachable/vm3')!;
    const clone = plan.steps.find((s) => s.id === 'vm4/clone-standby')!;
    expect(check.params).toEqual({
      kind: 'check-reachable',
      upstream: 'vm3',
      host: '10.77.0.13',
      port: 5432,
      fromAddress: '10.77.0.14',
      tls: { caFile: '/etc/postgresql/15/main/tls/ca.crt', database: 'replication', user: 'pgcascade_physical' },
    });
    expect(clone.params).toMatchObject({ upstreamHost: '10.77.0.13', upstreamPort: 5432 });
    expect(check.commands[0]).toMatchObject({ argv: ['/usr/lib/postgresql/15/bin/pg_isready', '-h', '10.77.0.13', '-p', '5432', '-t', '5'] });
    before(plan, 'vm4/install-postgres', 'vm4/check-reachable/vm3');
  });

  it('renders the clock check in the runbook as a comparison with this machine', () => {
    const script = renderRunbook(plan, t, ssh.layout);
    expect(script).toContain('skew=$(( $(ssh root@10.77.0.11 date +%s) - $(date +%s) )); [ "${skew#-}" -le 300 ]');
    expect(script.match(/^# ── /gm)?.length).toBe(plan.steps.length);
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

describe('write guards on subscribed copies', () => {
  it('guards each subscriber copy of a table marked guardCopies, and nothing else', () => {
    const base = fourNode();
    const t = { ...base, tables: base.tables.map((table) => (table.name === 'test' ? { ...table, guardCopies: true } : table)) };
    const guards = compilePlan(t, observed).steps.filter((s) => s.kind === 'create-write-guard');
    expect(guards.map((s) => s.id)).toEqual(['vm2/create-write-guard/test', 'vm3/create-write-guard/test']);
    const sqlText = guards[0]!.commands.map((c) => (c.type === 'sql' ? c.sql : '')).join('\n');
    expect(sqlText).toContain('BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON public."test" FOR EACH STATEMENT');
    expect(compilePlan(base, observed).steps.some((s) => s.kind === 'create-write-guard')).toBe(false);
  });
});
