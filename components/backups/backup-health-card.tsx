'use client';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { formatSeconds } from '@/components/dashboard/format.utils';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useClusterBackupHealthQuery } from '@/lib/queries/cluster-backup-health-query';
import type { Topology } from '@/lib/topology/schema';

/** The dashboard's backup health: age of the last good backup, archiving (pg_stat_archiver), and backup alerts. */
export function BackupHealthCard({ clusterId, topology }: { clusterId: string; topology: Topology }) {
  const hasBackups = (topology.backups?.length ?? 0) > 0;
  const health = useClusterBackupHealthQuery(clusterId, { enabled: hasBackups });
  if (!hasBackups) return null;
  const h = health.data;
  return (
    <Card aria-labelledby="backup-health-title">
      <CardHeader id="backup-health-title" title="Backups" description={h ? `stanza ${h.stanza} on ${h.node}` : undefined} />
      <CardBody className="space-y-3 text-sm">
        {health.isError && (
          <Alert tone="error" title="Backup health could not be read">
            {errorMessage(health.error)}
          </Alert>
        )}
        {h && (
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
            <dt className="text-slate-600">Last good backup</dt>
            <dd data-testid="last-backup-age">{h.lastGoodBackup ? `${formatSeconds(h.lastGoodBackupAgeSeconds)} ago (${h.lastGoodBackup.type})` : 'none yet'}</dd>
            <dt className="text-slate-600">Archiving</dt>
            <dd data-testid="archive-health" className={h.archive.failing ? 'font-semibold text-red-700' : undefined}>
              {h.archive.failing ? 'failing' : 'ok'} · {h.archive.archived ?? '—'} archived, {h.archive.failed ?? '—'} failed
            </dd>
            <dt className="text-slate-600">Last failure</dt>
            <dd className="text-xs">{h.archive.lastFailedAt ? `${new Date(h.archive.lastFailedAt).toLocaleString()} (${h.archive.lastFailedWal})` : '—'}</dd>
            <dt className="text-slate-600">Repository disk</dt>
            <dd>{h.repoUsedPercent === null ? '—' : `${h.repoUsedPercent} % used`}</dd>
          </dl>
        )}
        {h?.archive.failing && h.archive.lastError && <p className="break-words font-mono text-xs text-red-700">{h.archive.lastError}</p>}
        {h?.alerts.map((a) => (
          <Alert key={a.id} tone={a.id === 'repository-disk-full' || a.id === 'backup-stale' ? 'warning' : 'error'} title={a.id.replace(/-/g, ' ')}>
            {a.message}
          </Alert>
        ))}
      </CardBody>
    </Card>
  );
}
