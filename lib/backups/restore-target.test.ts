import { describe, expect, it } from 'vitest';
import example from '@/examples/four-node.local.json';
import { valid } from '@/lib/plan/test-topologies';
import type { LocalLayout } from '@/lib/plan/layout';
import { destructiveSteps } from '@/lib/plan/destructive';
import { inPlaceIssues, isInPlaceConfirmed, nodeTargetIssues, restoreTargetSchema } from './restore-target';
import { restoredNode, restoreInPlacePlan, restoreNodePlan } from './restore-target-plan';

const layout: LocalLayout = { kind: 'local', binDir: '/usr/lib/postgresql/15/bin', root: '/srv/c1', runAs: 'postgres' };
const t = valid({ ...example, backups: [{ node: 'vm3', fromStandby: 'vm4', repository: { type: 'posix', host: 'vm3', path: '/r' } }] });
const backup = t.backups![0]!;
const ssh = valid({
  ...example,
  provider: 'ssh',
  nodes: example.nodes.map((n, i) => ({ ...n, address: `10.0.0.${i + 1}`, ssh: { user: 'root', password: 'x' } })),
  backups: [{ node: 'vm3', repository: { type: 'posix', host: 'vm3', path: '/r' } }],
});
const conf = '--config=/srv/c1/vm3/pgbackrest/pgbackrest.conf';

describe('restore targets: validation', () => {
  it('reads the three targets, and a node needs a lower-case name and a port 1–65535', () => {
    expect(restoreTargetSchema.safeParse({ kind: 'scratch' }).success).toBe(true);
    expect(restoreTargetSchema.safeParse({ kind: 'node', name: 'copy1', port: 56000 }).success).toBe(true);
    expect(restoreTargetSchema.safeParse({ kind: 'in-place' }).success).toBe(true);
    const bad = restoreTargetSchema.safeParse({ kind: 'node', name: 'Copy-1', port: 70000 });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['name', 'port']);
    expect(restoreTargetSchema.safeParse({ kind: 'node', name: 'c', port: 0 }).success).toBe(false);
    expect(restoreTargetSchema.safeParse({ kind: 'elsewhere' }).success).toBe(false);
    expect(restoreTargetSchema.safeParse({ kind: 'node', name: 'c', port: 5000, extra: 1 }).success).toBe(false);
  });

  it("refuses a topology node's port (422) and a topology node's name (409)", () => {
    expect(nodeTargetIssues(t, backup, { kind: 'node', name: 'vm2', port: 55433 })).toEqual({
      invalid: [{ path: 'target.port', message: "port 55433 is vm3's: choose a port no node of the topology uses" }],
      conflict: [{ path: 'target.name', message: 'vm2 is already a node of this cluster: give the restored node another name' }],
    });
    expect(nodeTargetIssues(t, backup, { kind: 'node', name: 'copy1', port: 56000 })).toEqual({ invalid: [], conflict: [] });
  });

  it("takes only the backup node's host: the repository is reachable there alone", () => {
    expect(nodeTargetIssues(t, backup, { kind: 'node', name: 'c', port: 56000, host: 'localhost' }).invalid).toEqual([]);
    expect(nodeTargetIssues(ssh, ssh.backups![0]!, { kind: 'node', name: 'c', port: 56000, host: '10.0.0.3' }).invalid).toEqual([]);
    const other = nodeTargetIssues(ssh, ssh.backups![0]!, { kind: 'node', name: 'c', port: 56000, host: '10.0.0.9' }).invalid;
    expect(other.map((i) => i.path)).toEqual(['target.host']);
    expect(other[0]!.message).toMatch(/only reachable on vm3's host \(10\.0\.0\.3\) until pgBackRest repository hosts are supported/);
  });

  it("an in-place restore runs only with the cluster's exact name", () => {
    expect(isInPlaceConfirmed(t, { kind: 'in-place' })).toBe(false);
    expect(isInPlaceConfirmed(t, { kind: 'in-place', confirm: 'four-node' })).toBe(false);
    expect(isInPlaceConfirmed(t, { kind: 'in-place', confirm: 'four-node-demo' })).toBe(true);
  });

  it('never restores over an adopted server (pgcascade never stops one)', () => {
    expect(inPlaceIssues(t, backup)).toEqual([]);
    const adopted = { ...t, nodes: t.nodes.map((n) => (n.name === 'vm3' ? { ...n, adopted: true } : n)) };
    expect(inPlaceIssues(adopted, backup).map((i) => i.path)).toEqual(['target.kind']);
  });
});

describe('restore targets: plans', () => {
  it('a new node lives in the cluster folder on 127.0.0.1, with archiving off, and is not destructive', () => {
    const r = restoredNode(t, layout, backup, 'copy1', 56000);
    expect(r).toMatchObject({ dir: '/srv/c1/copy1', dataDir: '/srv/c1/copy1/pgdata', host: '127.0.0.1', listen: '127.0.0.1', user: 'postgres', database: 'technolabels', runAs: 'postgres' });
    const plan = restoreNodePlan(t, layout, backup, r, { time: '2026-01-01T02:30:00Z' });
    expect(destructiveSteps(plan)).toEqual([]);
    const step = plan.steps[0]!;
    expect(step.kind).toBe('restore-node');
    expect(step.params.kind === 'restore-node' && step.params.restoreArgv).toEqual([
      'pgbackrest', conf, '--stanza=four-node-demo-vm3', 'restore', '--pg1-path=/srv/c1/copy1/pgdata', '--archive-mode=off', '--type=time', '--target=2026-01-01 02:30:00.000+00', '--target-action=promote',
    ]);
  });

  it("on SSH hosts the new node is on the backup node's host and address, as the panel's own role", () => {
    const r = restoredNode(ssh, { kind: 'debian', version: 15 }, ssh.backups![0]!, 'copy1', 56000);
    expect(r).toMatchObject({ dir: '/var/lib/postgresql/pgcascade-restored/copy1', host: '10.0.0.3', listen: 'localhost,10.0.0.3', user: 'pgcascade_admin', writeConfig: true });
  });

  it('in place: --delta over the node itself, archiving kept, destructive with what must follow', () => {
    const plan = restoreInPlacePlan(t, layout, backup, { time: '2026-01-01T02:30:00Z' });
    const step = plan.steps[0]!;
    const p = step.params.kind === 'restore-in-place' ? step.params : null;
    expect(p?.restoreArgv).toEqual(['pgbackrest', conf, '--stanza=four-node-demo-vm3', 'restore', '--pg1-path=/srv/c1/vm3/pgdata', '--delta', '--type=time', '--target=2026-01-01 02:30:00.000+00', '--target-action=promote']);
    expect(p?.keepFiles).toEqual(['/srv/c1/vm3/pgdata/postgresql.conf', '/srv/c1/vm3/pgdata/pgcascade.conf', '/srv/c1/vm3/pgdata/pg_hba.conf']);
    expect(p?.service.stop[0]).toBe('/usr/lib/postgresql/15/bin/pg_ctl');
    const [d] = destructiveSteps(plan);
    expect(d?.cost).toMatch(/vm3 is stopped and its data directory \/srv\/c1\/vm3\/pgdata is rewritten/);
    // vm4 follows vm3; vm3 subscribes to vm1 and vm2; nobody subscribes to vm3.
    expect(p?.afterwards).toHaveLength(3);
    expect(p?.afterwards[0]).toMatch(/^vm4 must be re-cloned: .*A re-apply does not re-clone it/);
    expect(p?.afterwards[1]).toMatch(/^Subscription sub_test_vm1 \(from vm1\) went back with vm3: .*not re-sent/);
    expect(d?.cost).toContain('vm4 must be re-cloned');
  });

  it('in place on a Debian host keeps no files (its configuration is outside the data directory)', () => {
    const plan = restoreInPlacePlan(ssh, { kind: 'debian', version: 15 }, ssh.backups![0]!, {});
    const p = plan.steps[0]!.params;
    expect(p.kind === 'restore-in-place' && p.keepFiles).toEqual([]);
    expect(p.kind === 'restore-in-place' && p.restoreArgv.slice(-2)).toEqual(['--pg1-path=/var/lib/postgresql/15/main', '--delta']);
    expect(p.kind === 'restore-in-place' && p.service.stop).toEqual(['pg_ctlcluster', '15', 'main', 'stop', '-m', 'fast']);
  });
});
