import type { Standby, Subscription, Topology } from '@/lib/topology/schema';
import { LOGICAL_ROLE, PHYSICAL_ROLE, secretRef } from '@/lib/postgres/roles';
import { createSubscriptionSql, createWalReaderSql, heartbeatPublication } from '@/lib/postgres/sql';
import { slotName } from '@/lib/topology';
import { bin, nodeFiles, serviceCommands, type Layout } from '../layout';
import { nodeAddress, nodePort } from '../derive/node-facts';
import { RESTORE_SCRIPT } from '../derive/settings';
import type { Command, Step } from '../types';
import { makeDirCommand, serviceCommand, sql } from './commands';

/** A subscription also carries its publisher's heartbeat (once per subscriber and publisher). */
export function createSubscriptionStep(t: Topology, sub: Subscription): Step {
  const host = nodeAddress(t, sub.publisher);
  const port = nodePort(t, sub.publisher);
  const conninfo = { host, port, dbname: t.database, user: LOGICAL_ROLE, password: secretRef('logical_password') };
  const first = t.subscriptions.find((s) => s.node === sub.node && s.publisher === sub.publisher) === sub;
  const publications = first ? [...sub.publications, heartbeatPublication(sub.publisher)] : sub.publications;
  return {
    id: `${sub.node}/create-subscription/${sub.name}`,
    node: sub.node,
    kind: 'create-subscription',
    summary: `Subscribe to ${sub.publications.join(', ')} on ${sub.publisher} as ${sub.name}${first ? ' (with its heartbeat)' : ''}`,
    commands: [sql(t.database, createSubscriptionSql(sub.name, conninfo, publications, sub.origin))],
    params: {
      kind: 'create-subscription',
      database: t.database,
      subscription: sub.name,
      publisher: sub.publisher,
      host,
      port,
      publications,
      ...(sub.origin ? { origin: sub.origin } : {}),
    },
  };
}

/** Stop, empty the data directory, and clone the upstream with pg_basebackup through the standby's slot. */
export function cloneStandbyStep(t: Topology, layout: Layout, standby: Standby): Step {
  const files = nodeFiles(layout, standby.node);
  const service = serviceCommands(layout, standby.node);
  const dir = files.dataDir;
  const slot = slotName(standby);
  const upstreamHost = nodeAddress(t, standby.upstream);
  const upstreamPort = nodePort(t, standby.upstream);
  // Clone into a scratch folder and rename, so an interrupted clone is never taken for a finished one.
  const scratch = `${dir}.partial`;
  const commands: Command[] = [serviceCommand(service.stop, service.asPostgres)];
  if (files.nodeDir) commands.push(makeDirCommand(layout, files.nodeDir));
  commands.push(
    { type: 'shell', argv: ['rm', '-rf', scratch], asPostgres: true },
    {
      type: 'shell',
      argv: [bin(layout, 'pg_basebackup'), '-h', upstreamHost, '-p', String(upstreamPort), '-U', PHYSICAL_ROLE, '-D', scratch, '-c', 'fast', '-X', 'stream', '-S', slot, '-R'],
      asPostgres: true,
      env: { PGPASSWORD: secretRef('physical_password') },
    },
    { type: 'shell', argv: ['rm', '-rf', dir], asPostgres: true },
    { type: 'shell', argv: ['mv', '-T', scratch, dir], asPostgres: true },
  );
  return {
    id: `${standby.node}/clone-standby`,
    node: standby.node,
    kind: 'clone-standby',
    summary: `Clone ${standby.node} from ${standby.upstream} with pg_basebackup (slot ${slot}, fast checkpoint)`,
    commands,
    params: { kind: 'clone-standby', dataDir: dir, upstream: standby.upstream, upstreamHost, upstreamPort, slot, service },
  };
}

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

/**
 * SSH hosts: the standby's restore_command fetches archived WAL from its upstream over PostgreSQL itself, through
 * a function that reads only WAL file names from the archive folder — no SSH trust between the hosts.
 */
export function createWalReaderStep(layout: Layout, upstream: string): Step {
  const archiveDir = nodeFiles(layout, upstream).archiveDir;
  return {
    id: `${upstream}/create-wal-reader`,
    node: upstream,
    kind: 'create-wal-reader',
    summary: `Let ${PHYSICAL_ROLE} read archived WAL files (and nothing else) from ${archiveDir}`,
    commands: [sql('postgres', createWalReaderSql(archiveDir, PHYSICAL_ROLE))],
    params: { kind: 'create-wal-reader', archiveDir, role: PHYSICAL_ROLE },
  };
}

export function restoreScriptStep(t: Topology, standby: Standby): Step {
  const host = nodeAddress(t, standby.upstream);
  const port = nodePort(t, standby.upstream);
  const passfile = '/var/lib/postgresql/.pgcascade.pgpass';
  const script = [
    '#!/bin/sh',
    `# Managed by pgcascade: restore_command for ${standby.node}, fetching archived WAL from ${standby.upstream}.`,
    'set -eu',
    'case "$1" in *[!0-9A-Za-z.]*) echo "not a WAL file name: $1" >&2; exit 2 ;; esac',
    `PGPASSFILE=${passfile} psql "host=${host} port=${port} dbname=postgres user=${PHYSICAL_ROLE} connect_timeout=5" -XAtq -v ON_ERROR_STOP=1 \\`,
    `  -c "SELECT encode(pgcascade_read_wal('$1'), 'base64')" > "$2.pgcascade.b64"`,
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
