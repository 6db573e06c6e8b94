import type { Topology } from '@/lib/topology/schema';
import type { Layout } from '@/lib/plan/layout';
import { backupsOf, sshPeersOf } from '@/lib/plan/derive/pgbackrest';
import type { Step } from '@/lib/plan/types';
import { installPgbackrestStep } from './pgbackrest-install';
import { pgbackrestConfigStep } from './pgbackrest-config';
import { createStanzaStep } from './pgbackrest-stanza';
import { authorizePgbackrestSshSteps, pgbackrestSshStep } from './pgbackrest-ssh';

/**
 * What each backup definition needs on its node: pgBackRest, its configuration, the stanza. The node's
 * archive_command comes with its settings (derive/settings.ts). On SSH hosts, the hosts its pgBackRest reaches
 * (its fromStandby) get pgBackRest and the node's key first, and the node its key and their pinned host keys.
 * A removed definition has no steps: its schedules stop with it and the repository, the stanza and the file stay.
 */
export function pgbackrestSteps(t: Topology, layout: Layout): Step[] {
  const backups = backupsOf(t);
  const own = new Set(backups.map((b) => b.node));
  const peers = [...new Set(backups.flatMap((b) => sshPeersOf(t, b)))].filter((n) => !own.has(n));
  return [
    ...peers.map((n) => installPgbackrestStep(layout, n)),
    ...authorizePgbackrestSshSteps(t),
    ...backups.flatMap((b) => [installPgbackrestStep(layout, b.node), ...(sshPeersOf(t, b).length > 0 ? [pgbackrestSshStep(t, b)] : []), pgbackrestConfigStep(t, layout, b), createStanzaStep(t, layout, b)]),
  ];
}

export { pgbackrestInstall } from './pgbackrest-install';
export { pgbackrestConfig } from './pgbackrest-config';
export { pgbackrestStanza } from './pgbackrest-stanza';
export { pgbackrestAuthorize, pgbackrestSsh } from './pgbackrest-ssh';
