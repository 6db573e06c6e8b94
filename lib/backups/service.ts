import 'server-only';
import { getDb } from '@/lib/db/client';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { getJobSteps, listJobsOfCluster } from '@/lib/db/repositories/jobs';
import { clusterMask, executorFactory } from '@/lib/hosts/executors';
import { discoverLayout } from '@/lib/hosts/local-layout';
import { nodeAccess } from '@/lib/clusters/endpoints';
import { withNode } from '@/lib/clusters/node-client';
import { enqueue, requireCluster } from '@/lib/clusters/service';
import { NotFoundError } from '@/lib/clusters/cluster-lookup';
import { backupsOf, pgbackrestArgv, stanzaName } from '@/lib/plan/derive/pgbackrest';
import { nodeFiles } from '@/lib/plan/layout';
import type { BackupType } from '@/lib/plan/types';
import type { Backup, Topology } from '@/lib/topology/schema';
import { backupPlan } from './plan';
import type { ScheduleKey } from './schedule';
import { backupAlerts, lastGoodBackupAge } from './health';
import { archiveErrorFromLog, isArchiveFailing, parsePgbackrestInfo, type ArchiverRow, type BackupList } from './info';

/** The cluster's backup definition (the one of `node`, else the first), or a 404 that says how to add one. */
export function backupDefinition(t: Topology, node?: string): Backup {
  const all = backupsOf(t);
  const found = node ? all.find((b) => b.node === node) : all[0];
  if (!found) throw new NotFoundError(node ? `a backup definition for ${node} (add it under backups in the topology)` : 'a backup definition (add one under backups in the topology and apply it)');
  return found;
}

/** Queue a backup as an ordinary job (one active job per cluster, with its log, retry and cancel). */
export async function queueBackup(clusterId: string, type: BackupType, trigger: 'manual' | 'schedule' = 'manual', node?: string, covers?: ScheduleKey[]): Promise<{ jobId: string }> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const backup = backupDefinition(t, node);
  const layout = await discoverLayout(t, clusterId);
  return { jobId: await enqueue(clusterId, 'backup', backupPlan(t, layout, backup, type, trigger, covers)) };
}

const ARCHIVER_SQL = 'SELECT archived_count, failed_count, last_archived_time, last_failed_time, last_failed_wal FROM pg_stat_archiver';

/** The backups in the repository and the archive's health, read now from the backup node. */
export async function backupList(clusterId: string, node?: string): Promise<BackupList & { archiver: ArchiverRow | null; stanza: string; error: string | null }> {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const backup = backupDefinition(t, node);
  const layout = await discoverLayout(t, clusterId);
  const db = await getDb();
  const secrets = await loadSecrets(db, clusterId);
  const mask = await clusterMask(db, t, secrets);
  const executor = (await executorFactory(db, t, secrets, mask))(backup.node);
  const stanza = stanzaName(t, backup.node);
  try {
    const [info, archiver, log] = await Promise.all([
      executor.run(pgbackrestArgv(t, layout, backup.node, 'info', '--output=json', '--log-level-console=warn'), { asPostgres: true, allowFailure: true, timeoutMs: 30_000 }),
      withNode(await nodeAccess(clusterId, t), backup.node, 'postgres', async (c) => (await c.query<ArchiverRow>(ARCHIVER_SQL)).rows[0] ?? null).catch(() => null),
      executor.run(['tail', '-n', '300', nodeFiles(layout, backup.node).logFile], { allowFailure: true, timeoutMs: 10_000 }),
    ]);
    let parsed = null;
    let error: string | null = null;
    try {
      parsed = info.exitCode === 0 ? parsePgbackrestInfo(info.stdout, stanza) : null;
      if (!parsed) error = mask((info.stderr || info.stdout).trim().slice(-1000)) || `pgbackrest info exited with ${info.exitCode}`;
    } catch (err) {
      error = `pgbackrest info gave output pgcascade cannot read: ${(err as Error).message.slice(0, 300)}`;
    }
    const failing = archiver ? isArchiveFailing(archiver) : false;
    const lastError = failing && archiver?.last_failed_wal ? (archiveErrorFromLog(log.stdout) ?? `WAL ${archiver.last_failed_wal} failed to archive at ${new Date(archiver.last_failed_time as string).toISOString()}`) : null;
    return {
      backups: parsed?.backups ?? [],
      archive: { oldest: parsed?.oldestWal ?? null, newest: parsed?.newestWal ?? null, failing, lastError: lastError ? mask(lastError) : null },
      archiver,
      stanza,
      error,
    };
  } finally {
    if (t.provider !== 'local') await executor.close().catch(() => undefined);
  }
}

/** The dashboard's view: age of the last good backup, archive health (pg_stat_archiver), repository disk, alerts. */
export async function backupHealth(clusterId: string, node?: string) {
  const cluster = await requireCluster(clusterId);
  const t = cluster.topology;
  const backup = backupDefinition(t, node);
  const list = await backupList(clusterId, node);
  const db = await getDb();
  const secrets = await loadSecrets(db, clusterId);
  const executor = (await executorFactory(db, t, secrets, await clusterMask(db, t, secrets)))(backup.repository.host);
  let repoUsedPercent: number | null = null;
  try {
    const df = await executor.run(['df', '--output=pcent', backup.repository.path], { allowFailure: true, timeoutMs: 10_000 });
    const pcent = /(\d+)%/.exec(df.stdout)?.[1];
    repoUsedPercent = pcent === undefined ? null : Number(pcent);
  } finally {
    if (t.provider !== 'local') await executor.close().catch(() => undefined);
  }
  const jobs = (await listJobsOfCluster(db, clusterId)).filter((j) => !['queued', 'running'].includes(j.status));
  const drill = jobs.find((j) => j.kind === 'drill');
  const lastBackup = jobs.find((j) => j.kind === 'backup' && j.plan.steps.some((s) => s.node === backup.node));
  const drillReport = drill ? ((await getJobSteps(db, drill.id)).find((s) => s.kind === 'run-drill')?.result as { failedStep?: string | null } | undefined) : undefined;
  const now = new Date();
  const newest = list.backups[list.backups.length - 1];
  const a = list.archiver;
  return {
    node: backup.node,
    stanza: list.stanza,
    lastGoodBackup: newest ? { label: newest.label, type: newest.type, finishedAt: newest.finishedAt } : null,
    lastGoodBackupAgeSeconds: lastGoodBackupAge(list.backups, now),
    archive: {
      ...list.archive,
      archived: a ? Number(a.archived_count) : null,
      failed: a ? Number(a.failed_count) : null,
      lastArchivedAt: a?.last_archived_time ? new Date(a.last_archived_time).toISOString() : null,
      lastFailedAt: a?.last_failed_time ? new Date(a.last_failed_time).toISOString() : null,
      lastFailedWal: a?.last_failed_wal ?? null,
    },
    repoUsedPercent,
    alerts: backupAlerts({ backup, backups: list.backups, archive: list.archive, repoUsedPercent, lastDrill: drill ? { status: drill.status, failedStep: drillReport?.failedStep ?? null, jobId: drill.id } : null, lastBackupJob: lastBackup ? { status: lastBackup.status, error: lastBackup.error, jobId: lastBackup.id } : null, since: new Date(cluster.createdAt), now }),
    error: list.error,
  };
}

export type BackupHealth = Awaited<ReturnType<typeof backupHealth>>;
