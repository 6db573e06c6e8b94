'use client';
import { useState, type FormEvent } from 'react';
import { issuesByField } from '@/components/settings/settings.utils';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, FieldError } from '@/components/ui/field';
import { Checkbox, Input, Select } from '@/components/ui/input';
import { SecretField } from '@/components/ui/secret-field';
import { Skeleton } from '@/components/ui/skeleton';
import { StatusBadge } from '@/components/ui/status-badge';
import { Table, Td, Th } from '@/components/ui/table';
import { useClusterNotificationsQuery } from '@/lib/queries/cluster-notifications-query';
import { errorMessage, issuesFrom } from '@/lib/queries/fetch-json';
import { useNotificationCreateMutation } from '@/lib/queries/notification-create-mutation';
import { useNotificationDeleteMutation } from '@/lib/queries/notification-delete-mutation';
import { useNotificationTestMutation } from '@/lib/queries/notification-test-mutation';
import { useNotificationUpdateMutation } from '@/lib/queries/notification-update-mutation';
import type { NotificationChannel, NotificationDelivery, NotificationKind } from '@/lib/queries/notifications-types';
import {
  attemptsLine,
  channelInput,
  channelName,
  deliverySummary,
  EMPTY_FORM,
  eventLabel,
  KINDS,
  kindLabel,
  NOTIFICATION_FIELDS,
  type ChannelForm,
} from './notifications.utils';
import { createNotificationAction, deleteNotificationAction, testNotificationAction, updateNotificationAction } from '@/app/(panel)/clusters/[id]/actions';

/** The cluster page's "Notifications" card: where alerts are sent, "Send test", and the delivery log. */
export function NotificationsCard({ clusterId, isEnabled }: { clusterId: string; isEnabled: boolean }) {
  const query = useClusterNotificationsQuery(clusterId, { enabled: isEnabled });
  return (
    <Card aria-labelledby="notifications-title" data-testid="notifications">
      <CardHeader
        id="notifications-title"
        title="Notifications"
        description="Alerts go out as they open and again when they clear, retried until the receiver takes them."
      />
      <CardBody className="space-y-4">
        {query.isPending ? (
          <div role="status" aria-label="Loading the notification channels" className="space-y-2">
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
          </div>
        ) : query.isError ? (
          <Alert tone="error" title="The notification channels could not be loaded">
            {errorMessage(query.error)}{' '}
            <Button size="sm" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </Alert>
        ) : (
          <>
            <ChannelList clusterId={clusterId} channels={query.data.channels} />
            <AddChannelForm clusterId={clusterId} />
            <DeliveryLog channels={query.data.channels} deliveries={query.data.deliveries} />
          </>
        )}
      </CardBody>
    </Card>
  );
}

function ChannelList({ clusterId, channels }: { clusterId: string; channels: NotificationChannel[] }) {
  if (channels.length === 0) return <p className="text-sm text-slate-600">No channel yet: alerts show on the dashboard only.</p>;
  return (
    <ul aria-label="Notification channels" className="divide-y divide-slate-100 rounded-md border border-slate-200">
      {channels.map((c) => (
        <ChannelRow key={c.id} clusterId={clusterId} channel={c} />
      ))}
    </ul>
  );
}

function ChannelRow({ clusterId, channel }: { clusterId: string; channel: NotificationChannel }) {
  const test = useNotificationTestMutation(clusterId, testNotificationAction);
  const update = useNotificationUpdateMutation(clusterId, updateNotificationAction);
  const remove = useNotificationDeleteMutation(clusterId, deleteNotificationAction);
  const testIssues = test.error ? issuesFrom(test.error) : [];
  const urlErrors = testIssues.filter((i) => i.path === 'url').map((i) => i.message);
  const otherErrors = [...testIssues.filter((i) => i.path !== 'url'), ...(update.error ? issuesFrom(update.error) : []), ...(remove.error ? issuesFrom(remove.error) : [])];
  const errorId = `channel-${channel.id}-error`;
  return (
    <li className="space-y-1 p-3" aria-label={channel.name}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{channel.name}</span>
        <Badge tone="neutral">{kindLabel(channel.kind)}</Badge>
        {channel.secret && <Badge tone="green">secret set</Badge>}
        <label className="ml-auto flex items-center gap-1.5 text-xs text-slate-700">
          <Checkbox
            checked={channel.enabled}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ channelId: channel.id, enabled: e.target.checked })}
          />
          Enabled
        </label>
        <Button size="sm" onClick={() => test.mutate(channel.id)} disabled={test.isPending} aria-describedby={urlErrors.length ? errorId : undefined}>
          {test.isPending ? 'Sending…' : 'Send test'}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => remove.mutate(channel.id)} disabled={remove.isPending}>
          Remove
        </Button>
      </div>
      <p className="font-mono text-xs break-all text-slate-600">{channel.url}</p>
      {urlErrors.length > 0 && <FieldError id={errorId} messages={urlErrors} />}
      {otherErrors.length > 0 && <FieldError messages={otherErrors.map((i) => i.message)} />}
      <p role="status" className="text-xs text-green-700">
        {test.isSuccess ? `Test delivered (HTTP ${test.data.statusCode}, ${test.data.durationMs} ms).` : ''}
      </p>
    </li>
  );
}

function AddChannelForm({ clusterId }: { clusterId: string }) {
  const create = useNotificationCreateMutation(clusterId, createNotificationAction);
  const [form, setForm] = useState<ChannelForm>(EMPTY_FORM);
  const server = issuesByField(create.error ? issuesFrom(create.error) : [], NOTIFICATION_FIELDS);
  const kind = KINDS.find((k) => k.kind === form.kind) ?? KINDS[0]!;
  const set = (patch: Partial<ChannelForm>) => setForm((f) => ({ ...f, ...patch }));

  function handleSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate(channelInput(form), { onSuccess: () => setForm({ ...EMPTY_FORM, kind: form.kind }) });
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Add a notification channel" className="space-y-3 rounded-md bg-slate-50 p-3">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field id="notification-kind" label="Send to" errors={server.byField.kind}>
          {(p) => (
            <Select {...p} value={form.kind} onChange={(e) => set({ kind: e.target.value as NotificationKind })}>
              {KINDS.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="notification-name" label="Name (optional)" errors={server.byField.name}>
          {(p) => <Input {...p} value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="on-call" />}
        </Field>
      </div>
      <Field id="notification-url" label="URL" errors={server.byField.url} hint={kind.hint}>
        {(p) => (
          <Input {...p} type="url" inputMode="url" value={form.url} placeholder={kind.placeholder} onChange={(e) => set({ url: e.target.value })} />
        )}
      </Field>
      {form.kind === 'webhook' && (
        <SecretField
          id="notification-secret"
          label="Signing secret"
          hint="At least 16 characters; the receiver verifies each delivery with it. Stored encrypted, never shown again."
          errors={server.byField.secret}
          value={form.secret}
          onChange={(secret) => set({ secret })}
        />
      )}
      {server.other.length > 0 && (
        <Alert tone="error" title="The channel could not be added">
          {server.other.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}
        </Alert>
      )}
      <div className="flex items-center justify-end gap-3">
        <p role="status" className="text-xs text-slate-600">
          {create.isSuccess ? 'Added: use Send test to check it.' : ''}
        </p>
        <Button type="submit" variant="primary" disabled={create.isPending || form.url.trim() === ''}>
          {create.isPending ? 'Adding…' : 'Add channel'}
        </Button>
      </div>
    </form>
  );
}

function DeliveryLog({ channels, deliveries }: { channels: NotificationChannel[]; deliveries: NotificationDelivery[] }) {
  if (deliveries.length === 0) return null;
  return (
    <div>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">Delivery log</h3>
      <Table aria-label="Delivery log">
        <thead>
          <tr>
            <Th>When</Th>
            <Th>Channel</Th>
            <Th>Event</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody>
          {deliveries.slice(0, 20).map((d) => (
            <tr key={d.id}>
              <Td className="text-xs whitespace-nowrap text-slate-600">{new Date(d.createdAt).toLocaleString()}</Td>
              <Td className="text-xs">{channelName(channels, d.channelId)}</Td>
              <Td className="font-mono text-xs break-all">{eventLabel(d)}</Td>
              <Td className="text-xs">
                <StatusBadge status={d.status} />
                <p className="mt-1 text-slate-700">{deliverySummary(d)}</p>
                {d.log.length > 0 && <p className="mt-0.5 text-slate-500">{attemptsLine(d)}</p>}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
