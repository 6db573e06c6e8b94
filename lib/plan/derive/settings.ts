import { tlsEnabled, type Topology } from '@/lib/topology/schema';
import type { Settings } from '@/lib/postgres/settings';
import { chainRoot, standbyOf } from '@/lib/topology';
import { nodeFiles, type Layout } from '../layout';
import { feedsStandby, nodeAddress, nodePort, publishes } from './node-facts';
import { archivePushCommand, backupOf } from './pgbackrest';

/** Debian/Ubuntu standbys fetch archived WAL from their upstream with this script (see wal-archive steps). */
export const RESTORE_SCRIPT = '/var/lib/postgresql/pgcascade-restore-wal';

/** The next power of two from `n`, at least `min`: sizes grow in steps, so adding a link rarely restarts a node. */
const step = (n: number, min: number) => Math.max(min, 2 ** Math.ceil(Math.log2(Math.max(1, n))));

/**
 * Cluster-wide sizes: a standby must have at least its upstream's values, so every node gets the same. These need
 * a restart to change, so they grow in powers of two rather than with every subscription.
 */
function clusterSizes(t: Topology) {
  const links = t.subscriptions.length + t.standbys.length;
  const maxSubsOnNode = Math.max(0, ...t.nodes.map((n) => t.subscriptions.filter((s) => s.node === n.name).length));
  const logicalWorkers = step(maxSubsOnNode * 2 + 2, 8);
  const senders = step(10 + links, 32);
  return {
    maxWalSenders: senders,
    maxReplicationSlots: senders,
    maxLogicalReplicationWorkers: logicalWorkers,
    maxWorkerProcesses: logicalWorkers + 8,
  };
}

function walLevel(t: Topology, node: string): 'logical' | 'replica' {
  // A standby keeps its root's level so that promoting it changes nothing.
  return publishes(t, chainRoot(t, node)) ? 'logical' : 'replica';
}

/** The settings pgcascade manages on one node, derived from the topology alone. */
export function deriveSettings(t: Topology, node: string, layout: Layout): Settings {
  const sizes = clusterSizes(t);
  const files = nodeFiles(layout, node);
  // Local clusters share 127.0.0.1; a host listens on its own address and localhost (for the panel's tunnel), not '*'.
  const listen = layout.kind === 'local' ? '127.0.0.1' : `${nodeAddress(t, node)},localhost`;
  const settings: Settings = [
    ['listen_addresses', listen],
    ['port', String(nodePort(t, node))],
  ];
  if (files.socketDir) settings.push(['unix_socket_directories', files.socketDir]);
  // TLS for peers (a reload applies it): the files are the write-tls step's.
  if (tlsEnabled(t)) {
    const dir = files.tlsDir;
    settings.push(['ssl', 'on'], ['ssl_cert_file', `${dir}/server.crt`], ['ssl_key_file', `${dir}/server.key`], ['ssl_ca_file', `${dir}/ca.crt`]);
  }
  settings.push(
    ['wal_level', walLevel(t, node)],
    ['max_wal_senders', String(sizes.maxWalSenders)],
    ['max_replication_slots', String(sizes.maxReplicationSlots)],
    ['max_worker_processes', String(sizes.maxWorkerProcesses)],
    ['max_logical_replication_workers', String(sizes.maxLogicalReplicationWorkers)],
    ['hot_standby', 'on'],
  );
  // PostgreSQL's launcher starts at most one apply worker per wal_retrieve_retry_interval (5 s by default),
  // which would hold a second subscription on the same node back for 5 s.
  if (t.subscriptions.filter((s) => s.node === chainRoot(t, node)).length > 1) settings.push(['wal_retrieve_retry_interval', '1s']);
  if (feedsStandby(t, node)) settings.push(['wal_keep_size', '512MB']);
  // Apply workers commit asynchronously, so their WAL reaches the standby only at the WAL writer's next flush (200 ms).
  if (feedsStandby(t, node) && t.subscriptions.some((s) => s.node === node))
    settings.push(['wal_writer_delay', '1ms'], ['wal_writer_flush_after', '0']);
  // A backed-up node archives to pgBackRest first; a standby's restore_command keeps reading the plain archive.
  const copy = t.standbys.some((s) => s.upstream === node && s.walArchive) ? `test ! -f ${files.archiveDir}/%f && cp %p ${files.archiveDir}/%f` : null;
  const archive = [backupOf(t, node) ? archivePushCommand(t, layout, node) : null, copy].filter((c) => c !== null).join(' && ');
  if (archive) settings.push(['archive_mode', 'on'], ['archive_command', archive]);
  const standby = standbyOf(t, node);
  if (standby?.walArchive) {
    const restore = layout.kind === 'local' ? `cp ${nodeFiles(layout, standby.upstream).archiveDir}/%f %p` : `${RESTORE_SCRIPT} %f %p`;
    settings.push(['restore_command', restore]);
  }
  return settings;
}
