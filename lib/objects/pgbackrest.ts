import type { Topology } from '@/lib/topology/schema';
import type { Layout } from '@/lib/plan/layout';
import { backupsOf } from '@/lib/plan/derive/pgbackrest';
import type { Step } from '@/lib/plan/types';
import { installPgbackrestStep } from './pgbackrest-install';
import { pgbackrestConfigStep } from './pgbackrest-config';
import { createStanzaStep } from './pgbackrest-stanza';

/**
 * What each backup definition needs on its node: pgBackRest, its configuration, the stanza. The node's
 * archive_command comes with its settings (derive/settings.ts). A removed definition has no steps: its schedules
 * stop with it and the repository, the stanza and the file stay.
 */
export function pgbackrestSteps(t: Topology, layout: Layout): Step[] {
  return backupsOf(t).flatMap((b) => [installPgbackrestStep(layout, b.node), pgbackrestConfigStep(t, layout, b), createStanzaStep(t, layout, b)]);
}

export { pgbackrestInstall } from './pgbackrest-install';
export { pgbackrestConfig } from './pgbackrest-config';
export { pgbackrestStanza } from './pgbackrest-stanza';
