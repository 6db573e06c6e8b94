import type { Standby, Topology } from '@/lib/topology/schema';
import { PHYSICAL_ROLE, secretRef } from '@/lib/postgres/roles';
import { WAL_READER_FUNCTION } from '@/lib/postgres/sql';
import { nodeAddress, nodePort } from '../derive/node-facts';
import { RESTORE_SCRIPT } from '../derive/settings';
import type { Step } from '../types';
import type { Layout } from '../layout';
import { tlsFiles } from '@/lib/objects/tls';

/** The last check on a subscriber: every table of its subscriptions is copied and streaming. Changes nothing. */
export function waitSyncStep(t: Topology, node: string, subscriptions: string[]): Step {
  return {
    id: `${node}/wait-sync`,
    node,
    kind: 'wait-sync',
    summary: `Wait until ${node}'s subscriptions (${subscriptions.join(', ')}) have copied their tables and stream`,
    commands: [],
    params: { kind: 'wait-sync', database: t.database, subscriptions },
  };
}

export function restoreScriptStep(t: Topology, layout: Layout, standby: Standby): Step {
  const tls = tlsFiles(t, layout, standby.node);
  const host = nodeAddress(t, standby.upstream);
  const port = nodePort(t, standby.upstream);
  const passfile = '/var/lib/postgresql/.pgcascade.pgpass';
  const script = [
    '#!/bin/sh',
    `# Managed by pgcascade: restore_command for ${standby.node}, fetching archived WAL from ${standby.upstream}.`,
    'set -eu',
    'case "$1" in *[!0-9A-Za-z.]*) echo "not a WAL file name: $1" >&2; exit 2 ;; esac',
    `PGPASSFILE=${passfile} psql "host=${host} port=${port} dbname=postgres user=${PHYSICAL_ROLE} connect_timeout=5${tls ? ` sslmode=verify-full sslrootcert=${tls.caFile}` : ''}" -XAtq -v ON_ERROR_STOP=1 \\`,
    `  -c "SELECT encode(${WAL_READER_FUNCTION}('$1'), 'base64')" > "$2.pgcascade.b64"`,
    'base64 -d "$2.pgcascade.b64" > "$2.pgcascade"',
    'rm -f "$2.pgcascade.b64"',
    'mv -f "$2.pgcascade" "$2"',
    '',
  ].join('\n');
  return {
    id: `${standby.node}/write-files/restore-wal`,
    node: standby.node,
    kind: 'write-files',
    summary: `Write ${standby.node}'s restore_command script (fetches archived WAL from ${standby.upstream})`,
    commands: [
      { type: 'file', path: passfile, content: `${host}:${port}:postgres:${PHYSICAL_ROLE}:${secretRef('physical_password')}\n`, mode: 0o600, asPostgres: true },
      { type: 'file', path: RESTORE_SCRIPT, content: script, mode: 0o755, asPostgres: true },
    ],
    params: { kind: 'write-files', paths: [passfile, RESTORE_SCRIPT] },
  };
}
