import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import type { ClusterLiveStatus } from '@/lib/queries/types';
import { walReceiverRows } from './dashboard.utils';
import { formatBytes, formatClock, formatSeconds } from './format.utils';

function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <Td colSpan={colSpan} className="h-10 text-center text-slate-500">
        {children}
      </Td>
    </tr>
  );
}

function YesNo({ value, yes, no, isGood = true }: { value: boolean | null; yes: string; no: string; isGood?: boolean }) {
  if (value === null) return <span className="text-slate-400">—</span>;
  return <Badge tone={value === isGood ? 'green' : 'red'}>{value ? yes : no}</Badge>;
}

/** pg_stat_wal_receiver of every standby: status, the sender it streams from, its slot and its last message. */
export function WalReceiversTable({ status }: { status: ClusterLiveStatus }) {
  const rows = walReceiverRows(status);
  return (
    <Card aria-labelledby="wal-receivers-title">
      <CardHeader id="wal-receivers-title" title="WAL receivers" description="pg_stat_wal_receiver on each standby." />
      <Table aria-labelledby="wal-receivers-title">
        <thead>
          <tr>
            <Th>Standby</Th>
            <Th>Status</Th>
            <Th>Sender</Th>
            <Th>Slot</Th>
            <Th>Last message</Th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && <EmptyRow colSpan={5}>No standby in this cluster.</EmptyRow>}
          {rows.map((r) => (
            <tr key={r.standby}>
              <Td className="font-medium">
                {r.standby} <span className="text-xs font-normal text-slate-500">from {r.upstream}</span>
              </Td>
              <Td>
                <Badge tone={r.isStreaming ? 'green' : 'red'}>{r.status}</Badge>
              </Td>
              <Td className="font-mono text-xs">{r.sender ?? '—'}</Td>
              <Td className="font-mono text-xs">{r.slot ?? '—'}</Td>
              <Td className="whitespace-nowrap tabular-nums" title={r.lastMessageAt ?? undefined}>
                {r.lastMessageAt ? (
                  <>
                    {formatClock(r.lastMessageAt)}{' '}
                    <span className="text-xs text-slate-500">({formatSeconds(r.lastMessageAgeSeconds)} before the sample)</span>
                  </>
                ) : (
                  '—'
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

/** Every subscription: enabled, apply worker, age of its last message, error counters. */
export function SubscriptionsTable({ status }: { status: ClusterLiveStatus }) {
  return (
    <Card aria-labelledby="subscriptions-title">
      <CardHeader
        id="subscriptions-title"
        title="Subscriptions"
        description="pg_stat_subscription and pg_stat_subscription_stats on each subscriber."
      />
      <Table aria-labelledby="subscriptions-title">
        <thead>
          <tr>
            <Th>Subscription</Th>
            <Th>Enabled</Th>
            <Th>Worker</Th>
            <Th className="text-right">Last message</Th>
            <Th className="text-right">Apply errors</Th>
            <Th className="text-right">Sync errors</Th>
          </tr>
        </thead>
        <tbody>
          {status.subscriptions.length === 0 && <EmptyRow colSpan={6}>No subscription in this cluster.</EmptyRow>}
          {status.subscriptions.map((s) => (
            <tr key={`${s.node}/${s.name}`}>
              <Td>
                <span className="font-mono text-xs font-medium">{s.name}</span>
                <span className="block text-xs text-slate-500">
                  {s.publisher} → {s.node}
                </span>
              </Td>
              <Td>
                <YesNo value={s.enabled} yes="enabled" no="disabled" />
              </Td>
              <Td>
                <YesNo value={s.workerRunning} yes="running" no="not running" />
              </Td>
              <Td className="whitespace-nowrap text-right tabular-nums">{formatSeconds(s.lastMessageAgeSeconds)} ago</Td>
              <Td className={`text-right tabular-nums ${s.applyErrors > 0 ? 'font-semibold text-red-700' : ''}`}>{s.applyErrors}</Td>
              <Td className={`text-right tabular-nums ${s.syncErrors > 0 ? 'font-semibold text-red-700' : ''}`}>{s.syncErrors}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

/** Every replication slot: active, wal_status and the WAL it retains. */
export function SlotsTable({ status }: { status: ClusterLiveStatus }) {
  return (
    <Card aria-labelledby="slots-title">
      <CardHeader id="slots-title" title="Replication slots" description="pg_replication_slots on every node." />
      <Table aria-labelledby="slots-title">
        <thead>
          <tr>
            <Th>Slot</Th>
            <Th>Type</Th>
            <Th>Active</Th>
            <Th>wal_status</Th>
            <Th className="text-right">Retained WAL</Th>
          </tr>
        </thead>
        <tbody>
          {status.slots.length === 0 && <EmptyRow colSpan={5}>No replication slot in this cluster.</EmptyRow>}
          {status.slots.map((s) => (
            <tr key={`${s.node}/${s.slot}`}>
              <Td>
                <span className="font-mono text-xs font-medium">{s.slot}</span>
                <span className="block text-xs text-slate-500">on {s.node}</span>
              </Td>
              <Td>{s.type}</Td>
              <Td>
                <YesNo value={s.active} yes="active" no="inactive" />
              </Td>
              <Td>
                <Badge tone={s.walStatus === 'lost' ? 'red' : s.walStatus === 'unreserved' || s.walStatus === 'extended' ? 'amber' : 'neutral'}>
                  {s.walStatus ?? '—'}
                </Badge>
              </Td>
              <Td className="text-right tabular-nums">{formatBytes(s.retainedBytes)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
