'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { JobStartError } from '@/components/job/job-start-error';
import { DestructiveAlert } from '@/components/plan/destructive-confirm';
import { ApiError, issuesFrom } from '@/lib/queries/fetch-json';
import { useClusterRestoreMutation } from '@/lib/queries/cluster-restore-mutation';
import type { BackupEntry } from '@/lib/queries/backups-types';
import { restoreAction } from '@/app/(panel)/clusters/[id]/actions';
import { destructiveOf, EMPTY_RESTORE_FORM, messagesAt, restoreRequest, type RestoreForm, type RestoreInto, type RestorePoint } from './restore.utils';

const POINTS: { value: RestorePoint; label: string }[] = [
  { value: 'latest', label: 'The latest archived WAL' },
  { value: 'backup', label: 'The end of a backup' },
  { value: 'time', label: 'A time (UTC)' },
];

const TARGETS: { value: RestoreInto; label: string; hint: string }[] = [
  { value: 'scratch', label: 'A scratch cluster', hint: 'a throw-away copy on its own port, reachable over its socket only' },
  { value: 'node', label: 'A new node', hint: "a standalone, kept server on the backup node's host, on the port you give; not added to the topology" },
  { value: 'in-place', label: 'The backup node itself', hint: 'destructive: the node is stopped and taken back to the point' },
];

/** "Restore to…": a point (latest, a backup, a time) and a target (scratch cluster, new node, the backup node itself). */
export function RestoreDialog({ open, onClose, clusterId, clusterName, backupNode, backups }: { open: boolean; onClose: () => void; clusterId: string; clusterName: string; backupNode: string; backups: readonly BackupEntry[] }) {
  const router = useRouter();
  const restore = useClusterRestoreMutation(clusterId, restoreAction);
  const [form, setForm] = useState<RestoreForm>(EMPTY_RESTORE_FORM);
  const set = (patch: Partial<RestoreForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (!('confirm' in patch)) restore.reset();
  };
  const issues = restore.isError ? issuesFrom(restore.error) : [];
  const destructive = restore.error instanceof ApiError && restore.error.status === 409 ? destructiveOf(restore.error.body) : [];
  const at = (path: string) => messagesAt(issues, path);
  const asksConfirmation = form.into === 'in-place' && destructive.length > 0;
  const canRun = !restore.isPending && !restore.isSuccess && (!asksConfirmation || form.confirm === clusterName);
  const submit = () => restore.mutate(restoreRequest(form), { onSuccess: ({ jobId }) => router.push(`/jobs/${jobId}`) });

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Restore to…"
      description={`Point-in-time recovery from ${backupNode}'s pgBackRest backups, run as a job that reports the point reached.`}
      footer={
        <>
          <Button onClick={onClose}>Close</Button>
          <Button variant={form.into === 'in-place' ? 'danger' : 'primary'} disabled={!canRun} onClick={submit}>
            {restore.isPending || restore.isSuccess ? 'Starting…' : form.into === 'in-place' ? (asksConfirmation ? `Restore ${backupNode} over itself` : 'Show what it destroys') : 'Restore'}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-slate-700">Recover to</legend>
          {POINTS.map((p) => (
            <label key={p.value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="restore-point" value={p.value} checked={form.point === p.value} onChange={() => set({ point: p.value })} />
              {p.label}
            </label>
          ))}
        </fieldset>
        {form.point === 'backup' && (
          <Field id="restore-backup" label="Backup" errors={at('backup')}>
            {(props) => (
              <Select {...props} value={form.backup} onChange={(e) => set({ backup: e.target.value })}>
                <option value="">Choose a backup</option>
                {backups.map((b) => (
                  <option key={b.label} value={b.label}>
                    {b.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        {form.point === 'time' && (
          <Field id="restore-time" label="Time (UTC)" errors={at('time')} hint="Recovery stops before the first transaction that committed after it.">
            {(props) => <Input {...props} type="datetime-local" step="1" value={form.time} onChange={(e) => set({ time: e.target.value })} />}
          </Field>
        )}
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium text-slate-700">Into</legend>
          {TARGETS.map((t) => (
            <label key={t.value} className="flex items-start gap-2 text-sm">
              <input type="radio" className="mt-1" name="restore-into" value={t.value} checked={form.into === t.value} onChange={() => set({ into: t.value, confirm: '' })} />
              <span>
                <span className={t.value === 'in-place' ? 'font-medium text-red-700' : 'font-medium'}>{t.label}</span>
                <span className="block text-xs text-slate-500">{t.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {form.into === 'node' && (
          <div className="grid gap-3 sm:grid-cols-3">
            <Field id="restore-name" label="Name" errors={at('target.name')}>
              {(props) => <Input {...props} autoComplete="off" value={form.name} onChange={(e) => set({ name: e.target.value })} />}
            </Field>
            <Field id="restore-port" label="Port" errors={at('target.port')}>
              {(props) => <Input {...props} inputMode="numeric" value={form.port} onChange={(e) => set({ port: e.target.value })} />}
            </Field>
            <Field id="restore-host" label="Host (optional)" errors={at('target.host')} hint={`${backupNode}'s host: the repository is there`}>
              {(props) => <Input {...props} autoComplete="off" value={form.host} onChange={(e) => set({ host: e.target.value })} />}
            </Field>
          </div>
        )}
        {asksConfirmation && (
          <DestructiveAlert
            title={`Restoring ${backupNode} over itself is destructive`}
            items={destructive.map((d) => ({ id: d.stepId, summary: d.summary, cost: d.cost }))}
            runs="it"
            inputId="restore-confirm"
            clusterName={clusterName}
            typed={form.confirm}
            onType={(confirm) => set({ confirm })}
          />
        )}
        {restore.isError && !asksConfirmation && <JobStartError title="The restore could not start" error={restore.error} />}
      </div>
    </Dialog>
  );
}
