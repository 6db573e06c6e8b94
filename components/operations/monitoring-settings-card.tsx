'use client';
import { useState, type FormEvent } from 'react';
import { issuesByField } from '@/components/settings/settings.utils';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { useClusterMonitoringQuery } from '@/lib/queries/cluster-monitoring-query';
import { useClusterMonitoringUpdateMutation } from '@/lib/queries/cluster-monitoring-update-mutation';
import { errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import type { MonitoringSettings } from '@/lib/queries/types';
import {
  formFromSettings,
  LIMITS,
  MONITORING_FIELDS,
  monitoringUpdate,
  type MonitoringForm,
  type WalUnit,
} from './monitoring-settings.utils';
import { updateMonitoringAction } from '@/app/(panel)/clusters/[id]/actions';

/** The dashboard's "Sampling and alert thresholds" card: how often the cluster is sampled and when alerts open. */
export function MonitoringSettingsCard({ clusterId }: { clusterId: string }) {
  const query = useClusterMonitoringQuery(clusterId);
  // Here rather than in the form, which is re-mounted with the saved settings: "Saved." and errors outlive it.
  const save = useClusterMonitoringUpdateMutation(clusterId, updateMonitoringAction);
  return (
    <Card aria-labelledby="monitoring-settings-title" data-testid="monitoring-settings">
      <CardHeader
        id="monitoring-settings-title"
        title="Sampling and alert thresholds"
        description="Taken into account from the sampler's next tick."
      />
      <CardBody>
        {query.isPending ? (
          <div role="status" aria-label="Loading the monitoring settings" className="space-y-2">
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
          </div>
        ) : query.isError ? (
          <Alert tone="error" title="The monitoring settings could not be loaded">
            {errorMessage(query.error)}{' '}
            <Button size="sm" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : (
          // Saved settings (ours or someone else's) reset the form; a re-read of the same ones keeps the edits.
          <MonitoringSettingsForm key={JSON.stringify(query.data)} settings={query.data} save={save} />
        )}
      </CardBody>
    </Card>
  );
}

function MonitoringSettingsForm({
  settings,
  save,
}: {
  settings: MonitoringSettings;
  save: ReturnType<typeof useClusterMonitoringUpdateMutation>;
}) {
  const loaded = formFromSettings(settings);
  const [form, setForm] = useState<MonitoringForm>(loaded);
  const [isSubmitted, setIsSubmitted] = useState(false);
  const draft = monitoringUpdate(loaded, form);
  const server = issuesByField(save.error ? issuesFrom(save.error) : [], MONITORING_FIELDS);
  // Our own checks show once Save was pressed; the server's until the next save.
  const errorsOf = (field: (typeof MONITORING_FIELDS)[number]) =>
    (isSubmitted ? draft.errors[field] : undefined) ?? server.byField[field];
  const set = (patch: Partial<MonitoringForm>) => setForm((f) => ({ ...f, ...patch }));

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    setIsSubmitted(true);
    if (Object.keys(draft.errors).length > 0 || !draft.isChanged) return;
    save.mutate(draft.update);
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Sampling and alert thresholds" className="space-y-3">
      <div className="grid grid-cols-2 gap-3">
        <Field
          id="monitoring-interval"
          label="Sample every (seconds)"
          errors={errorsOf('intervalSeconds')}
          hint={`${LIMITS.minInterval}–${LIMITS.maxInterval}`}
        >
          {(p) => (
            <Input
              {...p}
              type="number"
              inputMode="numeric"
              min={LIMITS.minInterval}
              max={LIMITS.maxInterval}
              step={1}
              value={form.intervalSeconds}
              onChange={(e) => set({ intervalSeconds: e.target.value })}
            />
          )}
        </Field>
        <Field
          id="monitoring-lag"
          label="Lag alert over (seconds)"
          errors={errorsOf('thresholds.lagSeconds')}
          hint="Standbys and subscriptions"
        >
          {(p) => (
            <Input
              {...p}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              value={form.lagSeconds}
              onChange={(e) => set({ lagSeconds: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field
        id="monitoring-retained-wal"
        label="Retained WAL alert over"
        errors={errorsOf('thresholds.retainedWalBytes')}
        hint="WAL a replication slot holds back on its node"
      >
        {(p) => (
          <div className="flex gap-2">
            <Input
              {...p}
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              value={form.retainedWal}
              onChange={(e) => set({ retainedWal: e.target.value })}
            />
            <Select
              aria-label="Unit of the retained WAL threshold"
              className="w-24"
              value={form.retainedWalUnit}
              onChange={(e) => set({ retainedWalUnit: e.target.value as WalUnit })}
            >
              <option value="MiB">MiB</option>
              <option value="GiB">GiB</option>
            </Select>
          </div>
        )}
      </Field>
      {server.other.length > 0 && (
        <Alert tone="error" title="The settings could not be saved">
          {server.other.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}
        </Alert>
      )}
      <div className="flex items-center justify-end gap-3">
        <p role="status" className="text-xs text-slate-600">
          {save.isSuccess && !draft.isChanged ? 'Saved.' : ''}
        </p>
        <Button type="submit" variant="primary" disabled={!draft.isChanged || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
