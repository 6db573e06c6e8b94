import type { Backup, Topology } from '@/lib/topology/schema';
import type { Layout } from '@/lib/plan/layout';
import { pgbackrestArgv, stanzaName } from '@/lib/plan/derive/pgbackrest';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule } from './object';

/**
 * The stanza in the repository (stanza-create), then pgBackRest's own check: a WAL switch that must arrive in the
 * repository through the node's archive_command, so a broken archive fails the apply rather than the first backup.
 */
export function createStanzaStep(t: Topology, layout: Layout, backup: Backup): Step {
  const stanza = stanzaName(t, backup.node);
  const commands: Command[] = [
    { type: 'shell', argv: pgbackrestArgv(t, layout, backup.node, 'stanza-create'), asPostgres: true },
    { type: 'shell', argv: pgbackrestArgv(t, layout, backup.node, 'check'), asPostgres: true },
  ];
  return {
    id: `${backup.node}/create-stanza`,
    node: backup.node,
    kind: 'create-stanza',
    summary: `Create pgBackRest stanza ${stanza} and check that ${backup.node}'s WAL reaches the repository`,
    commands,
    params: { kind: 'create-stanza', stanza, repoPath: backup.repository.path, ...(backup.fromStandby ? { standby: backup.fromStandby } : {}) },
  };
}

export const pgbackrestStanza = objectModule<'create-stanza', { backupInfo: boolean; archiveInfo: boolean }>({
  kind: 'create-stanza',
  async read(io, p) {
    const [backupInfo, archiveInfo] = await Promise.all([io.exists(`${p.repoPath}/backup/${p.stanza}/backup.info`), io.exists(`${p.repoPath}/archive/${p.stanza}/archive.info`)]);
    return { backupInfo, archiveInfo };
  },
  diff(p, live) {
    if (live.backupInfo && live.archiveInfo) return null;
    return { action: 'create', reason: `stanza ${p.stanza} does not exist in ${p.repoPath}`, commands: [], planned: true, expected: 'stanza created', actual: 'missing' };
  },
});

