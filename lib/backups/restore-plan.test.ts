import { describe, expect, it } from 'vitest';
import example from '@/examples/four-node.local.json';
import { valid } from '@/lib/plan/test-topologies';
import type { LocalLayout } from '@/lib/plan/layout';
import { scratchConfig } from '@/lib/jobs/handlers/scratch';
import { drillPlan, pgbackrestTime, restoreArgv, scratchCluster } from './restore-plan';

const layout: LocalLayout = { kind: 'local', binDir: '/usr/lib/postgresql/15/bin', root: '/srv/c1', runAs: 'postgres' };
const t = valid({ ...example, backups: [{ node: 'vm3', fromStandby: 'vm4', repository: { type: 'posix', host: 'vm3', path: '/r' } }] });
const backup = t.backups![0]!;
const scratch = scratchCluster(layout, 'restore-abc123', 55880);
const conf = '--config=/srv/c1/vm3/pgbackrest/pgbackrest.conf';

describe('restore plans', () => {
  it("writes times the way pgBackRest reads them (it picks the backup set from the target)", () => {
    expect(pgbackrestTime('2026-01-01T02:30:00.250Z')).toBe('2026-01-01 02:30:00.250+00');
    expect(pgbackrestTime('2026-01-01T04:30:00+02:00')).toBe('2026-01-01 02:30:00.000+00');
    expect(() => pgbackrestTime('soon')).toThrow('not a time');
  });

  it('restores into the scratch folder with archiving off, to a time, a backup, a restore point, or the end', () => {
    const base = ['pgbackrest', conf, '--stanza=four-node-demo-vm3', 'restore', '--pg1-path=/srv/c1/restore-abc123/pgdata', '--archive-mode=off'];
    expect(restoreArgv(t, layout, backup, scratch, {})).toEqual(base);
    expect(restoreArgv(t, layout, backup, scratch, { time: '2026-01-01T02:30:00Z' })).toEqual([...base, '--type=time', '--target=2026-01-01 02:30:00.000+00', '--target-action=promote']);
    expect(restoreArgv(t, layout, backup, scratch, { backup: '20260101-020000F' })).toEqual([...base, '--set=20260101-020000F', '--type=immediate', '--target-action=promote']);
    expect(restoreArgv(t, layout, backup, scratch, { name: 'p1' })).toEqual([...base, '--type=name', '--target=p1', '--target-action=promote']);
  });

  it('a drill restores to its restore point and verifies the repository', () => {
    const p = drillPlan(t, layout, backup, scratch, 'pgcascade_drill_x', 'manual').steps[0]!.params;
    expect(p.kind === 'run-drill' && p.restoreArgv.slice(-3)).toEqual(['--type=name', '--target=pgcascade_drill_x', '--target-action=promote']);
    expect(p.kind === 'run-drill' && p.verifyArgv).toEqual(['pgbackrest', conf, '--stanza=four-node-demo-vm3', 'verify']);
    expect(scratch).toMatchObject({ dataDir: '/srv/c1/restore-abc123/pgdata', socketDir: '/srv/c1/restore-abc123/run', binDir: '/usr/lib/postgresql/15/bin' });
  });

  it('on SSH hosts the scratch cluster lives on the backup node, with a configuration of its own', () => {
    const onHost = scratchCluster({ kind: 'debian', version: 15 }, 'drill-abc123', 40000);
    expect(onHost).toMatchObject({ dir: '/var/lib/postgresql/pgcascade-scratch/drill-abc123', binDir: '/usr/lib/postgresql/15/bin', runAs: 'postgres', writeConfig: true });
    expect(scratch.writeConfig).toBeUndefined();
    const controldata = 'wal_level setting:                    logical\nmax_connections setting:              120\nmax_worker_processes setting:         16\nmax_wal_senders setting:              10\nmax_prepared_xacts setting:           0\nmax_locks_per_xact setting:           64\n';
    expect(scratchConfig(controldata).split('\n').slice(1)).toEqual(['max_connections = 120', 'max_worker_processes = 16', 'max_wal_senders = 10', 'max_prepared_transactions = 0', 'max_locks_per_transaction = 64', '']);
  });
});
