import type { Backup, Topology } from '@/lib/topology/schema';
import type { Layout } from '@/lib/plan/layout';
import { pgbackrestArgv, stanzaName } from '@/lib/plan/derive/pgbackrest';
import type { BackupType, Plan } from '@/lib/plan/types';

const TYPE_NAMES: Record<BackupType, string> = { full: 'full', diff: 'differential', incr: 'incremental' };

/** The one-step plan of a backup job: `pgbackrest backup --type=…` on the backup node (reading from its standby). */
export function backupPlan(t: Topology, layout: Layout, backup: Backup, type: BackupType, trigger: 'manual' | 'schedule', covers?: ('full' | 'differential' | 'incremental')[]): Plan {
  const stanza = stanzaName(t, backup.node);
  const from = backup.fromStandby ? `, files read from ${backup.fromStandby}` : '';
  return {
    steps: [
      {
        id: `${backup.node}/run-backup/${type}`,
        node: backup.node,
        kind: 'run-backup',
        summary: `${trigger === 'schedule' ? 'Scheduled' : 'Take a'} ${TYPE_NAMES[type]} backup of ${backup.node} (stanza ${stanza}${from})`,
        commands: [],
        params: { kind: 'run-backup', stanza, type, argv: pgbackrestArgv(t, layout, backup.node, 'backup', `--type=${type}`), trigger, ...(covers ? { covers } : {}) },
      },
    ],
  };
}
