import { describe, expect, it } from 'vitest';
import sshExample from '@/examples/four-node.ssh.json';
import { compilePlan } from '@/lib/plan/compile';
import { compileReconcilePlan } from '@/lib/plan/reconcile';
import { cascade, fourNode, observed, valid } from '@/lib/plan/test-topologies';
import { HBA_BEGIN } from '@/lib/postgres/pg-hba';
import type { ReachableNode } from './live-state';
import { detectDrift } from './detect';
import { liveFromPlan } from './test-live-state';

const plan = compilePlan(fourNode(), observed);

/** Drift of the four-node plan after changing one node's matching live state. */
function driftAfter(node: string, change: (live: ReachableNode) => void) {
  const live = liveFromPlan(plan);
  change(live[node]!);
  return detectDrift(plan, live).map(({ stepId, what }) => ({ stepId, what }));
}

const find = <T extends { name: string }>(items: T[], name: string): T => items.find((i) => i.name === name)!;

describe('no drift', () => {
  it('finds nothing when every node is as the plan leaves it', () => {
    expect(detectDrift(plan, liveFromPlan(plan))).toEqual([]);
    const cascadePlan = compilePlan(cascade(), observed);
    expect(detectDrift(cascadePlan, liveFromPlan(cascadePlan))).toEqual([]);
    const sshPlan = compilePlan(valid(sshExample), { layout: { kind: 'debian', version: 15 } });
    expect(detectDrift(sshPlan, liveFromPlan(sshPlan))).toEqual([]);
  });

  it('takes units and spelling as PostgreSQL does (1s is 1000 ms, 512MB is 524288 kB)', () => {
    const live = liveFromPlan(plan).vm3!;
    expect(live.settings.wal_retrieve_retry_interval).toMatchObject({ setting: '1000', unit: 'ms' });
    expect(
      driftAfter('vm3', (n) => {
        n.settings.wal_keep_size = { ...n.settings.wal_keep_size!, setting: '524288', unit: 'kB' };
        n.settings.hot_standby = { ...n.settings.hot_standby!, setting: 'true' };
        n.settings.wal_level = { ...n.settings.wal_level!, setting: 'REPLICA' };
      }),
    ).toEqual([]);
  });
});

describe('node unreachable', () => {
  it('gives one drift, on its ensure-running step', () => {
    const live = { ...liveFromPlan(plan), vm2: { up: false as const, error: 'connection refused' } };
    expect(detectDrift(plan, live)).toEqual([
      { node: 'vm2', stepId: 'vm2/ensure-running', kind: 'ensure-running', what: 'vm2 is unreachable: connection refused', expected: 'running and reachable', actual: 'connection refused' },
    ]);
  });
});

describe('settings', () => {
  it('reports a running value that differs, in SHOW units', () => {
    expect(driftAfter('vm1', (n) => (n.settings.wal_level!.setting = 'replica'))).toEqual([{ stepId: 'vm1/set-settings', what: 'wal_level is replica, should be logical' }]);
    expect(driftAfter('vm3', (n) => (n.settings.wal_keep_size!.setting = '1024'))).toEqual([{ stepId: 'vm3/set-settings', what: 'wal_keep_size is 1GB, should be 512MB' }]);
  });

  it('says when ALTER SYSTEM overrides pgcascade’s file', () => {
    const [d] = driftAfter('vm2', (n) => Object.assign(n.settings.max_wal_senders!, { setting: '5', sourceFile: '/x/pgdata/postgresql.auto.conf' }));
    expect(d?.what).toBe("max_wal_senders is 5, should be 15 (set by ALTER SYSTEM; ALTER SYSTEM RESET max_wal_senders lets pgcascade's value apply)");
  });

  it('reports a value pending restart and an edited or missing settings file', () => {
    expect(driftAfter('vm1', (n) => (n.settings.wal_level!.pendingRestart = true))[0]?.what).toMatch(/^wal_level is logical now, but .* next restart/);
    expect(driftAfter('vm1', (n) => (n.settingsFile += 'wal_level = replica\n'))[0]?.what).toBe('/srv/pgcascade/clusters/c1/vm1/pgdata/pgcascade.conf differs from what pgcascade writes');
    expect(driftAfter('vm1', (n) => (n.settingsFile = null))[0]?.what).toMatch(/pgcascade.conf is missing$/);
  });
});

describe('pg_hba.conf', () => {
  it('reports a missing, changed or shadowed block', () => {
    expect(driftAfter('vm1', (n) => (n.hbaFile = 'local all all peer\n'))[0]?.what).toBe("pg_hba.conf has no pgcascade block: peers' access lines are missing");
    expect(driftAfter('vm1', (n) => (n.hbaFile = n.hbaFile!.replace(/^host\ttechnolabels.*\n/m, '')))[0]?.what).toBe(
      "pgcascade's block in pg_hba.conf differs: missing host\ttechnolabels\tpgcascade_logical\t127.0.0.1/32\tscram-sha-256",
    );
    expect(driftAfter('vm3', (n) => (n.hbaFile = `host all all 0.0.0.0/0 trust\n${n.hbaFile}`))[0]?.what).toBe(
      "pg_hba.conf has lines above pgcascade's block, which match first: host all all 0.0.0.0/0 trust",
    );
    expect(driftAfter('vm4', (n) => (n.hbaFile = null))).toEqual([{ stepId: 'vm4/write-pg-hba', what: '/srv/pgcascade/clusters/c1/vm4/pgdata/pg_hba.conf is missing' }]);
    expect(driftAfter('vm4', (n) => (n.hbaFile = n.hbaFile!.replace(HBA_BEGIN, `${HBA_BEGIN}\nhost all x 10.0.0.1/32 trust`)))[0]?.what).toMatch(/unexpected host all x/);
  });
});

describe('roles', () => {
  it('reports a missing role or wrong attributes', () => {
    expect(driftAfter('vm1', (n) => (n.roles = n.roles.filter((r) => r.name !== 'pgcascade_logical')))).toEqual([{ stepId: 'vm1/create-role/pgcascade_logical', what: 'role pgcascade_logical is missing' }]);
    expect(driftAfter('vm3', (n) => (find(n.roles, 'pgcascade_physical').canLogin = false))[0]?.what).toBe('role pgcascade_physical is NOLOGIN REPLICATION NOSUPERUSER, should be LOGIN REPLICATION NOSUPERUSER');
    expect(driftAfter('vm2', (n) => (find(n.roles, 'pgcascade_monitor').monitor = false))[0]?.what).toBe('role pgcascade_monitor is LOGIN NOSUPERUSER not in pg_monitor, should be LOGIN NOSUPERUSER in pg_monitor');
    expect(driftAfter('vm2', (n) => (find(n.tables, 'pgcascade_heartbeat').readers = []))[0]?.what).toBe('role pgcascade_monitor may not read pgcascade_heartbeat');
  });
});

describe('database objects', () => {
  it('reports only the database when it is missing', () => {
    expect(driftAfter('vm2', (n) => Object.assign(n, { databases: ['postgres'], tables: [], publications: [], subscriptions: [] }))).toEqual([
      { stepId: 'vm2/create-database', what: 'database technolabels is missing' },
    ]);
  });

  it('reports a missing table, heartbeat trigger or grant', () => {
    expect(driftAfter('vm1', (n) => (n.tables = n.tables.filter((t) => t.name !== 'test2')))).toEqual([{ stepId: 'vm1/create-table/test2', what: 'table test2 is missing' }]);
    expect(driftAfter('vm1', (n) => (n.heartbeatTrigger = false))[0]?.what).toBe("pgcascade_heartbeat's arrival trigger is missing or not ENABLE ALWAYS");
    expect(driftAfter('vm1', (n) => (find(n.tables, 'test').readers = []))).toEqual([{ stepId: 'vm1/grant-select', what: 'pgcascade_logical may not read test' }]);
  });

  it('reports a publication that is missing, has other tables or another row filter', () => {
    expect(driftAfter('vm1', (n) => (n.publications = n.publications.filter((p) => p.name !== 'my_pub_test')))[0]?.what).toBe('publication my_pub_test is missing');
    expect(driftAfter('vm1', (n) => (find(n.publications, 'my_pub_test').tables = ['test', 'test2']))[0]?.what).toBe('publication my_pub_test publishes test, test2, should publish test');
    expect(driftAfter('vm2', (n) => (find(n.publications, 'pgcascade_hb_vm2').rowFilter = null))).toEqual([
      { stepId: 'vm2/create-publication/pgcascade_hb_vm2', what: "publication pgcascade_hb_vm2's row filter is none, should be origin = 'vm2'" },
    ]);
  });
});

describe('replication', () => {
  it('reports a subscription that is missing, disabled, pointed elsewhere or with other publications', () => {
    expect(driftAfter('vm3', (n) => (n.subscriptions = n.subscriptions.filter((s) => s.name !== 'sub_test_vm1')))[0]?.what).toBe('subscription sub_test_vm1 is missing');
    expect(
      driftAfter('vm3', (n) => Object.assign(find(n.subscriptions, 'sub_test2_vm2'), { enabled: false, port: 5432, publications: ['my_pub_test2'] })).map((d) => d.what),
    ).toEqual([
      'subscription sub_test2_vm2 is disabled',
      'subscription sub_test2_vm2 connects to 127.0.0.1:5432, should connect to vm2 at 127.0.0.1:55432',
      'subscription sub_test2_vm2 subscribes to my_pub_test2, should subscribe to my_pub_test2, pgcascade_hb_vm2',
    ]);
  });

  it('reports a missing or logical slot', () => {
    expect(driftAfter('vm3', (n) => (n.slots = []))).toEqual([{ stepId: 'vm3/create-physical-slot/replication_slot_4', what: 'replication slot replication_slot_4 is missing' }]);
    expect(driftAfter('vm3', (n) => (n.slots[0]!.type = 'logical'))[0]?.what).toBe('replication slot replication_slot_4 is a logical slot, should be physical');
  });

  it('reports a standby that was promoted or follows another upstream', () => {
    expect(driftAfter('vm4', (n) => Object.assign(n, { inRecovery: false, upstream: null }))).toEqual([
      { stepId: 'vm4/clone-standby', what: 'vm4 is not in recovery (promoted or rebuilt), should be a standby of vm3' },
    ]);
    expect(driftAfter('vm4', (n) => (n.upstream!.slot = null))[0]?.what).toBe('vm4 follows 127.0.0.1:55433 slot none, should follow vm3 at 127.0.0.1:55433 slot replication_slot_4');
  });
});

describe('reconcile from detected drift', () => {
  it('plans only the differing steps and what makes them take effect', () => {
    const live = liveFromPlan(plan);
    live.vm2!.settings.wal_level!.setting = 'replica';
    live.vm3!.subscriptions.find((s) => s.name === 'sub_test_vm1')!.enabled = false;
    const reconcile = compileReconcilePlan(plan, detectDrift(plan, live));
    expect(reconcile.steps.map((s) => s.id)).toEqual([
      '*/check-binaries',
      'vm2/check-port',
      'vm3/check-port',
      'vm2/set-settings',
      'vm2/ensure-running',
      'vm3/check-reachable/vm1',
      'vm3/create-subscription/sub_test_vm1',
      'vm3/wait-sync',
    ]);
  });
});
