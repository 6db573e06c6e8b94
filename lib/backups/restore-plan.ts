import type { Backup, Topology } from '@/lib/topology/schema';
import { bin, type Layout } from '@/lib/plan/layout';
import { pgbackrestArgv, stanzaName } from '@/lib/plan/derive/pgbackrest';
import type { Plan, RestoreTarget, ScratchCluster } from '@/lib/plan/types';

/** Where SSH hosts keep scratch clusters: beside the node's own, in the postgres user's folder. */
export const DEBIAN_SCRATCH_ROOT = '/var/lib/postgresql/pgcascade-scratch';

/**
 * A scratch cluster, named by when it was made: in the cluster's folder on the panel host (local clusters), or on
 * the backup node's host beside the repository (SSH hosts), so the restore reads the repository where it is.
 */
export function scratchCluster(layout: Layout, name: string, port: number): ScratchCluster {
  const dir = `${layout.kind === 'local' ? layout.root : DEBIAN_SCRATCH_ROOT}/${name}`;
  const base = { dir, dataDir: `${dir}/pgdata`, socketDir: `${dir}/run`, logFile: `${dir}/postgresql.log`, port, binDir: bin(layout, '').replace(/\/$/, '') };
  return layout.kind === 'local' ? { ...base, runAs: layout.runAs } : { ...base, runAs: 'postgres', writeConfig: true };
}

/** pgBackRest's time format (it picks the backup set before the target itself; ISO's T and Z it does not read). */
export function pgbackrestTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`${iso} is not a time`);
  return `${d.toISOString().replace('T', ' ').replace('Z', '')}+00`;
}

/**
 * `pgbackrest restore` into a data directory, to the target and promote; without a target, to the end of the
 * archive. A copy (`mode: 'copy'`, a scratch cluster or a new node) has archiving off: it must never push WAL into
 * the stanza it came from. The backup node restored over itself (`'in-place'`) keeps archiving and reuses its files (`--delta`).
 */
export function restoreArgv(t: Topology, layout: Layout, backup: Backup, into: { dataDir: string }, target: RestoreTarget, mode: 'copy' | 'in-place' = 'copy'): string[] {
  const args = [`--pg1-path=${into.dataDir}`, ...(mode === 'copy' ? ['--archive-mode=off'] : ['--delta'])];
  if (target.backup) args.push(`--set=${target.backup}`);
  if (target.time) args.push('--type=time', `--target=${pgbackrestTime(target.time)}`, '--target-action=promote');
  else if (target.name) args.push('--type=name', `--target=${target.name}`, '--target-action=promote');
  else if (target.backup) args.push('--type=immediate', '--target-action=promote');
  return pgbackrestArgv(t, layout, backup.node, 'restore', ...args);
}

/** The point a restore goes to, in words. */
export function describeTarget(target: RestoreTarget): string {
  if (target.time) return `to ${target.time}${target.backup ? ` from backup ${target.backup}` : ''}`;
  if (target.name) return `to restore point ${target.name}`;
  if (target.backup) return `to the end of backup ${target.backup}`;
  return 'to the latest archived WAL';
}

/** Restore into a new scratch cluster, started on its own port and kept for the user (the report says where). */
export function restorePlan(t: Topology, layout: Layout, backup: Backup, scratch: ScratchCluster, target: RestoreTarget): Plan {
  return {
    steps: [
      {
        id: `${backup.node}/restore-backup`,
        node: backup.node,
        kind: 'restore-backup',
        summary: `Restore ${backup.node}'s backups ${describeTarget(target)} into a scratch cluster on port ${scratch.port} (${scratch.dir})`,
        commands: [],
        params: { kind: 'restore-backup', stanza: stanzaName(t, backup.node), scratch, restoreArgv: restoreArgv(t, layout, backup, scratch, target), target },
      },
    ],
  };
}

/**
 * A restore drill: a restore point on the node with every table's row count and md5 read at exactly that point,
 * the latest backup restored to it in a scratch cluster, `pgbackrest verify`, the same checks on the copy. The
 * scratch cluster is removed whatever happens.
 */
export function drillPlan(t: Topology, layout: Layout, backup: Backup, scratch: ScratchCluster, restorePoint: string, trigger: 'manual' | 'schedule'): Plan {
  return {
    steps: [
      {
        id: `${backup.node}/run-drill`,
        node: backup.node,
        kind: 'run-drill',
        summary: `Restore drill: restore ${backup.node}'s latest backup to a restore point in a scratch cluster, verify the repository, compare every table`,
        commands: [],
        params: {
          kind: 'run-drill',
          stanza: stanzaName(t, backup.node),
          database: t.database,
          scratch,
          restoreArgv: restoreArgv(t, layout, backup, scratch, { name: restorePoint }),
          verifyArgv: pgbackrestArgv(t, layout, backup.node, 'verify'),
          restorePoint,
          trigger,
        },
      },
    ],
  };
}
