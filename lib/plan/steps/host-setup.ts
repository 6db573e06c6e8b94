import type { Topology } from '@/lib/topology/schema';
import type { Step } from '../types';

/**
 * Debian/Ubuntu: install postgresql-<v> when it is missing, from the distribution if it has that version, else
 * from the PostgreSQL (PGDG) apt repository with a signed-by keyring (not the deprecated apt-key).
 */
export function installPostgresStep(t: Topology, node: string): Step {
  const v = t.postgresVersion;
  const keyring = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc';
  const script = [
    'set -e',
    'export DEBIAN_FRONTEND=noninteractive',
    'apt-get update -q',
    `if ! apt-cache show postgresql-${v} >/dev/null 2>&1; then`,
    '  apt-get install -y -q curl ca-certificates',
    `  install -d ${keyring.replace(/\/[^/]+$/, '')}`,
    `  curl -fsSL -o ${keyring} https://www.postgresql.org/media/keys/ACCC4CF8.asc`,
    '  . /etc/os-release',
    `  echo "deb [signed-by=${keyring}] https://apt.postgresql.org/pub/repos/apt $VERSION_CODENAME-pgdg main" > /etc/apt/sources.list.d/pgdg.list`,
    '  apt-get update -q',
    'fi',
    `apt-get install -y -q postgresql-${v} postgresql-client-${v}`,
  ].join('\n');
  return {
    id: `${node}/install-postgres`,
    node,
    kind: 'install-postgres',
    summary: `Install PostgreSQL ${v} on ${node} if it is missing (distribution or PGDG apt repository)`,
    commands: [{ type: 'shell', argv: ['sh', '-c', script], asPostgres: false }],
    params: { kind: 'install-postgres', version: v },
  };
}
