import type { Backup, Topology } from '@/lib/topology/schema';
import { nodeFiles, type Layout } from '../layout';
import { nodeAddress, nodePort } from './node-facts';

/** Full backups kept when the topology gives no retention. */
export const DEFAULT_FULL_RETENTION = 2;

/** The cluster's backups, whatever the topology's age (the field is optional). */
export function backupsOf(t: Topology): Backup[] {
  return t.backups ?? [];
}

export function backupOf(t: Topology, node: string): Backup | undefined {
  return backupsOf(t).find((b) => b.node === node);
}

/** The stanza of a node's backups: the cluster's name and the node's, so clusters sharing a repository never mix. */
export function stanzaName(t: Topology, node: string): string {
  const cluster = t.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'cluster';
  return `${cluster}-${node}`;
}

/** Where pgBackRest's configuration, log, lock and spool live for a node's backups. */
export interface PgbackrestFiles {
  config: string;
  /** Folders pgBackRest writes to besides the repository (owned by the clusters' OS user). */
  dirs: string[];
  logPath: string | null;
  lockPath: string | null;
  spoolPath: string | null;
}

export function pgbackrestFiles(layout: Layout, node: string): PgbackrestFiles {
  if (layout.kind === 'debian') {
    // The package's own /var/log/pgbackrest, /tmp/pgbackrest and /var/spool/pgbackrest; pgcascade's file beside its.
    return { config: '/etc/pgbackrest/pgcascade.conf', dirs: [], logPath: null, lockPath: null, spoolPath: null };
  }
  // Local clusters share the host: each keeps its files in its own node folder, so several never share a lock.
  const dir = `${nodeFiles(layout, node).nodeDir}/pgbackrest`;
  return { config: `${dir}/pgbackrest.conf`, dirs: [dir, `${dir}/log`, `${dir}/lock`, `${dir}/spool`], logPath: `${dir}/log`, lockPath: `${dir}/lock`, spoolPath: `${dir}/spool` };
}

/** `pgbackrest --config=… --stanza=… <command> …`: every call names the file, so none depends on /etc defaults. */
export function pgbackrestArgv(t: Topology, layout: Layout, node: string, command: string, ...args: string[]): string[] {
  return ['pgbackrest', `--config=${pgbackrestFiles(layout, node).config}`, `--stanza=${stanzaName(t, node)}`, command, ...args];
}

/**
 * The nodes whose hosts the backup node's pgBackRest reaches over SSH: on SSH hosts its fromStandby (pg2 on another
 * host runs pgBackRest's remote there). Local clusters share the panel host and need none.
 */
export function sshPeersOf(t: Topology, backup: Backup): string[] {
  return t.provider === 'ssh' && backup.fromStandby ? [backup.fromStandby] : [];
}

/** The SSH port of a node's host (where its sshd listens). */
export function sshPortOf(t: Topology, node: string): number {
  return t.nodes.find((n) => n.name === node)?.ssh?.port ?? 22;
}

/**
 * pgcascade's SSH files for pgBackRest on a Debian host, in the postgres user's ~/.ssh: its own key and known_hosts
 * (never the user's), and the cmd-ssh wrapper beside pgBackRest's configuration that uses only those.
 */
export const PGBACKREST_SSH = {
  dir: '/var/lib/postgresql/.ssh',
  keyFile: '/var/lib/postgresql/.ssh/pgcascade_pgbackrest',
  knownHostsFile: '/var/lib/postgresql/.ssh/pgcascade_known_hosts',
  authorizedKeys: '/var/lib/postgresql/.ssh/authorized_keys',
  wrapperFile: '/etc/pgbackrest/pgcascade-ssh',
} as const;

/** The cmd-ssh wrapper: pgcascade's key only, the pinned host keys only, never a prompt. */
export function sshWrapper(t: Topology): string {
  const f = PGBACKREST_SSH;
  return [
    '#!/bin/sh',
    `# Managed by pgcascade (cluster ${t.name}): pgBackRest's ssh (cmd-ssh) between the cluster's hosts, with pgcascade's`,
    '# key and the host keys accepted in the panel only. pgcascade rewrites this file.',
    `exec ssh -i ${f.keyFile} -o IdentitiesOnly=yes -o IdentityAgent=none -o UserKnownHostsFile=${f.knownHostsFile} -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=10 "$@"`,
    '',
  ].join('\n');
}

function pgLines(t: Topology, layout: Layout, index: number, node: string, remote = false): string[] {
  const files = nodeFiles(layout, node);
  const host = remote ? [`pg${index}-host=${nodeAddress(t, node)}`, `pg${index}-host-user=postgres`, ...(sshPortOf(t, node) !== 22 ? [`pg${index}-host-port=${sshPortOf(t, node)}`] : [])] : [];
  const lines = [...host, `pg${index}-path=${files.dataDir}`, `pg${index}-port=${nodePort(t, node)}`];
  if (files.socketDir) lines.push(`pg${index}-socket-path=${files.socketDir}`);
  // Local clusters are made with initdb -U postgres; Debian's postgres role logs in by peer as the OS user.
  lines.push(`pg${index}-user=postgres`);
  return lines;
}

/**
 * pgBackRest's configuration for one backup definition: one stanza per backed-up node. pg1 is the node itself,
 * pg2 its standby with backup-standby=y, so the files are copied from the standby and the node only archives WAL.
 * On SSH hosts pg2 is on another host: pgBackRest reaches it over SSH (pg2-host, through pgcascade's cmd-ssh).
 * The schedule is written as comments: it runs in the panel, and whoever restores by hand sees what ran when.
 */
export function renderPgbackrestConfig(t: Topology, layout: Layout, backup: Backup): string {
  const f = pgbackrestFiles(layout, backup.node);
  const schedule = backup.schedule ?? {};
  const global = [
    '[global]',
    'repo1-type=posix',
    `repo1-path=${backup.repository.path}`,
    `repo1-retention-full=${backup.retention?.full ?? DEFAULT_FULL_RETENTION}`,
    ...(backup.retention?.differential ? [`repo1-retention-diff=${backup.retention.differential}`] : []),
    'start-fast=y',
    'log-level-console=info',
    'log-level-file=info',
    ...(f.logPath ? [`log-path=${f.logPath}`] : []),
    ...(f.lockPath ? [`lock-path=${f.lockPath}`] : []),
    ...(f.spoolPath ? [`spool-path=${f.spoolPath}`] : []),
    ...(sshPeersOf(t, backup).length > 0 ? [`cmd-ssh=${PGBACKREST_SSH.wrapperFile}`] : []),
  ];
  const stanza = [`[${stanzaName(t, backup.node)}]`, ...pgLines(t, layout, 1, backup.node)];
  if (backup.fromStandby) stanza.push(...pgLines(t, layout, 2, backup.fromStandby, sshPeersOf(t, backup).includes(backup.fromStandby)), 'backup-standby=y');
  const comments = [
    `# Managed by pgcascade: backups of ${backup.node} in cluster ${t.name}. pgcascade rewrites this file.`,
    `# Schedules (UTC, run by the panel): full ${schedule.full ?? 'none'}; differential ${schedule.differential ?? 'none'}; incremental ${schedule.incremental ?? 'none'}; drill ${backup.drill ?? 'none'}`,
  ];
  return [...comments, ...global, '', ...stanza, ''].join('\n');
}

/** The backup node's archive_command: pgBackRest first, then (when a standby reads it) the plain WAL archive. */
export function archivePushCommand(t: Topology, layout: Layout, node: string): string {
  return pgbackrestArgv(t, layout, node, 'archive-push', '%p').join(' ');
}
