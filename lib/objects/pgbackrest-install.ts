import type { Layout } from '@/lib/plan/layout';
import type { Step } from '@/lib/plan/types';
import { objectModule } from './object';

const BINARY = '/usr/bin/pgbackrest';
const INSTALL = 'export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q pgbackrest || { apt-get update -q && apt-get install -y -q pgbackrest; }';

/** pgBackRest on the backup node's host: installed from the distribution on SSH hosts; checked on the panel host. */
export function installPgbackrestStep(layout: Layout, node: string): Step {
  const canInstall = layout.kind === 'debian';
  return {
    id: `${node}/install-pgbackrest`,
    node,
    kind: 'install-pgbackrest',
    summary: canInstall ? `Install pgBackRest on ${node} if it is missing (apt-get install pgbackrest)` : `Check that pgBackRest is installed on the panel host (${node}'s backups)`,
    commands: canInstall ? [{ type: 'shell', argv: ['sh', '-c', INSTALL], asPostgres: false }] : [],
    params: { kind: 'install-pgbackrest', canInstall },
  };
}

export const pgbackrestInstall = objectModule<'install-pgbackrest', { installed: boolean }>({
  kind: 'install-pgbackrest',
  async read(io) {
    return { installed: await io.exists(BINARY) };
  },
  diff(p, live) {
    if (live.installed) return null;
    if (!p.canInstall) return { action: 'create', reason: `pgBackRest is not installed (${BINARY} is missing): install it on the panel host with apt-get install -y pgbackrest`, commands: [] };
    return { action: 'create', reason: 'pgBackRest is not installed', commands: [], planned: true, expected: 'installed', actual: 'missing' };
  },
});
