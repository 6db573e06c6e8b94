import { quoteLiteral } from '@/lib/postgres/quote';
import type { ClusterSnapshot, SlotState } from '@/lib/monitor/snapshot';
import { code } from './entries/entry';
import { humanBytes } from './format';
import { sqlName } from './quote';
import type { Diagnosis } from './types';

const WAL_STATUS: Record<string, string> = {
  reserved: 'reserved: still within max_wal_size',
  extended: 'extended: beyond max_wal_size, kept only for this slot',
  unreserved:
    'unreserved: past max_slot_wal_keep_size, removed at the next checkpoint unless the consumer catches up',
};

/** Who reads this slot: a standby (its physical edge) or a subscription (same name, same publisher). */
function consumerOf(
  s: ClusterSnapshot,
  slot: SlotState,
): { kind: 'standby' | 'subscription'; node: string; name: string } | null {
  const edge = s.edges.find((e) => e.kind === 'physical' && e.from === slot.node && e.label === slot.slot);
  if (edge) return { kind: 'standby', node: edge.to, name: edge.to };
  const sub = s.subscriptions.find((x) => x.publisher === slot.node && x.name === slot.slot);
  return sub ? { kind: 'subscription', node: sub.node, name: sub.name } : null;
}

const BOUND = `Bound what a slot may keep: ${code("ALTER SYSTEM SET max_slot_wal_keep_size = '10GB';")} then ${code('SELECT pg_reload_conf();')}`;

function lostSlot(s: ClusterSnapshot, slot: SlotState): Diagnosis {
  const consumer = consumerOf(s, slot);
  const drop = code(`SELECT pg_drop_replication_slot(${quoteLiteral(slot.slot)});`);
  const fix =
    consumer?.kind === 'subscription'
      ? [
          `On ${consumer.node}, detach and drop the subscription: ${code(`ALTER SUBSCRIPTION ${sqlName(consumer.name)} DISABLE;`)} ${code(`ALTER SUBSCRIPTION ${sqlName(consumer.name)} SET (slot_name = NONE);`)} ${code(`DROP SUBSCRIPTION ${sqlName(consumer.name)};`)}`,
          `On ${slot.node}: ${drop}`,
          `Truncate ${consumer.node}'s copies of the published tables and re-apply the topology: the subscription is recreated and copies the data again.`,
        ]
      : [
          `On ${slot.node}: ${drop}`,
          `Rebuild ${consumer?.name ?? 'its standby'} as a standby (a fresh clone); it cannot catch up from here.`,
        ];
  return {
    id: 'slot-lost',
    node: slot.node,
    title: `Slot ${slot.slot} on ${slot.node} is lost`,
    meaning: `wal_status is lost: ${slot.slot} fell further behind than max_slot_wal_keep_size allows and ${slot.node} removed WAL it still needed. ${consumer ? `${consumer.kind === 'standby' ? 'Standby' : 'Subscription'} ${consumer.name} on ${consumer.node}` : 'Its consumer'} can no longer continue from it.`,
    fix: [...fix, BOUND],
  };
}

function retainingSlot(s: ClusterSnapshot, slot: SlotState, bytes: number): Diagnosis {
  const consumer = consumerOf(s, slot);
  const status = slot.walStatus ? (WAL_STATUS[slot.walStatus] ?? slot.walStatus) : 'unknown';
  const first = !consumer
    ? `No node of the topology uses it; if nothing else does, drop it on ${slot.node}: ${code(`SELECT pg_drop_replication_slot(${quoteLiteral(slot.slot)});`)}`
    : consumer.kind === 'standby'
      ? `Get standby ${consumer.name} streaming again (start it, or see why it does not connect: ${code('SELECT status, sender_host, slot_name FROM pg_stat_wal_receiver;')} on it).`
      : `Get subscription ${consumer.name} on ${consumer.node} running again: ${code(`SELECT subenabled FROM pg_subscription WHERE subname = ${quoteLiteral(consumer.name)};`)}, and ${code(`ALTER SUBSCRIPTION ${sqlName(consumer.name)} ENABLE;`)} once its cause is fixed.`;
  return {
    id: 'slot-inactive-retaining-wal',
    node: slot.node,
    title: `Inactive slot ${slot.slot} on ${slot.node} retains ${humanBytes(bytes)} of WAL`,
    meaning: `Nothing reads ${slot.slot}${consumer ? ` (it belongs to ${consumer.kind} ${consumer.name})` : ''}, so ${slot.node} keeps every WAL segment since its restart_lsn: ${humanBytes(bytes)} so far, growing with every write until the disk fills or the slot is lost. wal_status is ${status}.`,
    fix: [first, BOUND],
  };
}

/** Lost slots, and inactive slots holding at least `minRetainedBytes` of WAL. */
export function diagnoseSlots(s: ClusterSnapshot, minRetainedBytes: number): Diagnosis[] {
  const down = new Set(s.nodes.filter((n) => !n.up).map((n) => n.name));
  const out: Diagnosis[] = [];
  for (const slot of s.slots) {
    if (down.has(slot.node)) continue;
    if (slot.walStatus === 'lost') out.push(lostSlot(s, slot));
    else if (!slot.active && slot.retainedBytes !== null && slot.retainedBytes >= minRetainedBytes)
      out.push(retainingSlot(s, slot, slot.retainedBytes));
  }
  return out;
}
