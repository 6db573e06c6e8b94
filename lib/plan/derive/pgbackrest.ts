import type { Backup, Topology } from '@/lib/topology/schema';
import { nodeFiles, type Layout } from '../layout';
import { nodePort } from './node-facts';

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

function pgLines(t: Topology, layout: Layout, index: number, node: string): string[] {
  const files = nodeFiles(layout, node);
  const lines = [`pg${index}-path=${files.dataDir}`, `pg${index}-port=${nodePort(t, node)}`];
  if (files.socketDir) lines.push(`pg${index}-socket-path=${files.socketDir}`);
  // Local clusters are made with initdb -U postgres; Debian's postgres role logs in by peer as the OS user.
  lines.push(`pg${index}-user=postgres`);
  return lines;
}

/**
 * pgBackRest's configuration for one backup definition: one stanza per backed-up node. pg1 is the node itself,
 * pg2 its standby with backup-standby=y, so the files are copied from the standby and the node only archives WAL.
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
  ];
  const stanza = [`[${stanzaName(t, backup.node)}]`, ...pgLines(t, layout, 1, backup.node)];
  if (backup.fromStandby) stanza.push(...pgLines(t, layout, 2, backup.fromStandby), 'backup-standby=y');
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
