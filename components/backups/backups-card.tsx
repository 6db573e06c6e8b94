'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { JobStartError } from '@/components/job/job-start-error';
import { formatBytes, formatSeconds } from '@/components/dashboard/format.utils';
import { errorMessage } from '@/lib/queries/fetch-json';
import { useClusterBackupsQuery } from '@/lib/queries/cluster-backups-query';
import { useClusterBackupMutation } from '@/lib/queries/cluster-backup-mutation';
import { useClusterDrillsQuery } from '@/lib/queries/cluster-drills-query';
import { useClusterDrillMutation } from '@/lib/queries/cluster-drill-mutation';
import type { BackupType } from '@/lib/queries/backups-types';
import type { Topology } from '@/lib/topology/schema';
import { backupSeconds, backupTypeLabel, newestFirst } from './backups.utils';
import { RestoreDialog } from './restore-dialog';
import { backupAction, drillAction } from '@/app/(panel)/clusters/[id]/actions';

const NOW_TYPES: { type: BackupType; label: string }[] = [
  { type: 'full', label: 'Full' },
  { type: 'diff', label: 'Differential' },
  { type: 'incr', label: 'Incremental' },
];

/** The cluster's pgBackRest backups, "Back up now", and the restore drills with their reports. */
export function BackupsCard({ clusterId, topology, isBusy, isEnabled }: { clusterId: string; topology: Topology; isBusy: boolean; isEnabled: boolean }) {
  const router = useRouter();
  const definition = topology.backups?.[0];
  const list = useClusterBackupsQuery(clusterId, { enabled: isEnabled && !!definition });
  const drills = useClusterDrillsQuery(clusterId, { enabled: isEnabled && !!definition });
  const backup = useClusterBackupMutation(clusterId, backupAction);
  const drill = useClusterDrillMutation(clusterId, drillAction);
  const [isRestoreOpen, setRestoreOpen] = useState(false);
  if (!definition) return null;
  const toJob = ({ jobId }: { jobId: string }) => router.push(`/jobs/${jobId}`);

  return (
    <Card aria-labelledby="backups-title">
      <CardHeader
        id="backups-title"
        title="Backups"
        description={`pgBackRest on ${definition.node}${definition.fromStandby ? `, files read from ${definition.fromStandby}` : ''}; repository ${definition.repository.path} on ${definition.repository.host}`}
        actions={
          <div className="flex flex-wrap gap-2" role="group" aria-label="Back up now">
            {NOW_TYPES.map(({ type, label }) => (
              <Button key={type} size="sm" disabled={isBusy || backup.isPending} onClick={() => backup.mutate(type, { onSuccess: toJob })}>
                Back up now: {label.toLowerCase()}
              </Button>
            ))}
            <Button size="sm" disabled={isBusy || drill.isPending} onClick={() => drill.mutate(undefined, { onSuccess: toJob })}>
              Run a restore drill
            </Button>
            <Button size="sm" disabled={isBusy} onClick={() => setRestoreOpen(true)}>
              Restore to…
            </Button>
          </div>
        }
      />
      {isRestoreOpen && (
        <RestoreDialog open onClose={() => setRestoreOpen(false)} clusterId={clusterId} clusterName={topology.name} backupNode={definition.node} backups={newestFirst(list.data?.backups ?? [])} />
      )}
      {backup.isError && <JobStartError title="The backup could not start" error={backup.error} />}
      {drill.isError && <JobStartError title="The drill could not start" error={drill.error} />}
      {list.isError && (
        <CardBody>
          <Alert tone="error" title="The backup list could not be read">
            {errorMessage(list.error)}
          </Alert>
        </CardBody>
      )}
      {list.data?.archive.failing && (
        <CardBody>
          <Alert tone="error" title="Archiving fails">
            {list.data.archive.lastError ?? 'pg_stat_archiver reports failures.'}
          </Alert>
        </CardBody>
      )}
      <Table aria-label="Backups in the repository">
        <thead>
          <tr>
            <Th>Backup</Th>
            <Th>Type</Th>
            <Th>Started</Th>
            <Th>Took</Th>
            <Th>Database</Th>
            <Th>In repository</Th>
            <Th>WAL</Th>
          </tr>
        </thead>
        <tbody>
          {newestFirst(list.data?.backups ?? []).map((b) => (
            <tr key={b.label}>
              <Td className="font-mono text-xs">{b.label}</Td>
              <Td>{backupTypeLabel(b.type)}</Td>
              <Td className="text-xs text-slate-600">{new Date(b.startedAt).toLocaleString()}</Td>
              <Td>{formatSeconds(backupSeconds(b))}</Td>
              <Td>{formatBytes(b.sizeBytes)}</Td>
              <Td>{formatBytes(b.repoSizeBytes)}</Td>
              <Td className="font-mono text-xs">{b.walStart && b.walStop ? `${b.walStart} – ${b.walStop}` : '—'}</Td>
            </tr>
          ))}
          {list.data && list.data.backups.length === 0 && (
            <tr>
              <Td colSpan={7} className="text-slate-600">
                No backup yet.
              </Td>
            </tr>
          )}
        </tbody>
      </Table>
      {list.data && (
        <CardBody className="text-xs text-slate-600">
          Archive: {list.data.archive.oldest ?? '—'} to {list.data.archive.newest ?? '—'}; keeps {definition.retention?.full ?? 2} full backups
          {definition.retention?.differential ? ` and ${definition.retention.differential} differential` : ''}.
        </CardBody>
      )}
      {(drills.data?.drills.length ?? 0) > 0 && (
        <Table aria-label="Restore drills">
          <thead>
            <tr>
              <Th>Drill</Th>
              <Th>Status</Th>
              <Th>Restore time (RTO)</Th>
              <Th>Data age (RPO)</Th>
              <Th>Tables</Th>
            </tr>
          </thead>
          <tbody>
            {drills.data!.drills.slice(0, 5).map((d) => (
              <tr key={d.jobId}>
                <Td>
                  <Link className="text-blue-700 hover:underline" href={`/jobs/${d.jobId}`}>
                    {d.startedAt ? new Date(d.startedAt).toLocaleString() : 'queued'}
                  </Link>
                </Td>
                <Td>{d.status === 'failed' && d.failedStep ? `failed at ${d.failedStep}` : d.status}</Td>
                <Td>{formatSeconds(d.restoreSeconds)}</Td>
                <Td>{formatSeconds(d.recoveryPointAgeSeconds)}</Td>
                <Td className="text-xs">
                  {d.tables.length === 0 ? '—' : `${d.tables.filter((t) => t.matched).length}/${d.tables.length} match`}
                  {d.tables.some((t) => !t.matched) && `: ${d.tables.filter((t) => !t.matched).map((t) => t.name).join(', ')} differ`}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
