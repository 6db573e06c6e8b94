'use client';
import type { Dispatch } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, FieldError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { NodeSelect } from './replication-step';
import { RowShell } from './row-shell';
import { fieldId, type Draft, type DraftBackup, type WizardAction } from './wizard.utils';

type Errors = Record<string, string[]>;

const SCHEDULES: Array<{ field: 'full' | 'differential' | 'incremental'; label: string; path: string }> = [
  { field: 'full', label: 'Full backup (cron)', path: 'schedule.full' },
  { field: 'differential', label: 'Differential backup (cron)', path: 'schedule.differential' },
  { field: 'incremental', label: 'Incremental backup (cron)', path: 'schedule.incremental' },
];

/** Step 3: pgBackRest backups of a node, read from its standby, with their schedules, retention and restore drill. */
export function BackupsStep({ draft, errors, dispatch }: { draft: Draft; errors: Errors; dispatch: Dispatch<WizardAction> }) {
  const update = (index: number, patch: Partial<Omit<DraftBackup, 'key'>>) => dispatch({ type: 'update', section: 'backups', index, patch });
  return (
    <Card>
      <CardHeader
        title="Backups"
        description="pgBackRest backs up a node that holds its own data (a primary or a subscriber), optionally reading the files from one of its standbys so the node itself is not loaded. Schedules are cron expressions in UTC; each backup runs as a job."
        actions={
          <Button size="sm" onClick={() => dispatch({ type: 'add', section: 'backups' })}>
            + Add backup
          </Button>
        }
      />
      <CardBody>
        {errors.backups && <FieldError messages={errors.backups} />}
        {draft.backups.length === 0 && <p className="text-sm text-slate-500">No backups: the cluster is not backed up.</p>}
        <ol className="space-y-2">
          {draft.backups.map((b, i) => {
            const prefix = `Backup ${i + 1}`;
            const path = `backups.${i}`;
            return (
              <RowShell key={b.key} label="Backup" index={i} errorId={fieldId(path)} errors={errors[path]} onRemove={() => dispatch({ type: 'remove', section: 'backups', index: i })}>
                <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                  <Field id={fieldId(`${path}.node`)} srPrefix={prefix} label="Node backed up" errors={errors[`${path}.node`]}>
                    {(p) => <NodeSelect {...p} draft={draft} value={b.node} onChange={(node) => update(i, { node })} />}
                  </Field>
                  <Field id={fieldId(`${path}.fromStandby`)} srPrefix={prefix} label="Read files from standby" errors={errors[`${path}.fromStandby`]} hint="Local clusters only so far">
                    {(p) => <NodeSelect {...p} draft={draft} value={b.fromStandby} placeholder="None: read the node itself" onChange={(fromStandby) => update(i, { fromStandby })} />}
                  </Field>
                  <Field id={fieldId(`${path}.repository.host`)} srPrefix={prefix} label="Repository host" errors={[...(errors[`${path}.repository`] ?? []), ...(errors[`${path}.repository.host`] ?? [])]}>
                    {(p) => <NodeSelect {...p} draft={draft} value={b.repositoryHost} onChange={(repositoryHost) => update(i, { repositoryHost })} />}
                  </Field>
                  <Field id={fieldId(`${path}.repository.path`)} srPrefix={prefix} label="Repository path" errors={errors[`${path}.repository.path`]} hint="A posix directory on that host">
                    {(p) => <Input {...p} value={b.repositoryPath} spellCheck={false} autoComplete="off" className="font-mono" onChange={(e) => update(i, { repositoryPath: e.target.value })} />}
                  </Field>
                  {SCHEDULES.map((s) => (
                    <Field key={s.field} id={fieldId(`${path}.${s.path}`)} srPrefix={prefix} label={s.label} errors={errors[`${path}.${s.path}`]} hint="Empty: none of this kind">
                      {(p) => <Input {...p} value={b[s.field]} spellCheck={false} autoComplete="off" className="font-mono" placeholder="0 2 * * 0" onChange={(e) => update(i, { [s.field]: e.target.value })} />}
                    </Field>
                  ))}
                  <Field id={fieldId(`${path}.retention.full`)} srPrefix={prefix} label="Full backups kept" errors={[...(errors[`${path}.retention`] ?? []), ...(errors[`${path}.retention.full`] ?? [])]}>
                    {(p) => (
                      <Input
                        {...p}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        value={b.retentionFull ?? ''}
                        onChange={(e) => update(i, { retentionFull: e.target.value === '' ? null : Number(e.target.value) })}
                      />
                    )}
                  </Field>
                  <Field id={fieldId(`${path}.drill`)} srPrefix={prefix} label="Restore drill (cron)" errors={errors[`${path}.drill`]} hint="Restores the latest backup to a scratch cluster and compares every table">
                    {(p) => <Input {...p} value={b.drill} spellCheck={false} autoComplete="off" className="font-mono" placeholder="0 4 * * 0" onChange={(e) => update(i, { drill: e.target.value })} />}
                  </Field>
                </div>
                {errors[`${path}.schedule`] && <FieldError messages={errors[`${path}.schedule`] ?? []} />}
              </RowShell>
            );
          })}
        </ol>
      </CardBody>
    </Card>
  );
}
