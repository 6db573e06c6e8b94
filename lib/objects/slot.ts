import { quoteLiteral } from '@/lib/postgres/quote';
import { createPhysicalSlotSql } from '@/lib/postgres/sql';
import type { Step } from '@/lib/plan/types';
import { objectModule, sqlCommand, type NodeIo, type ParamsOf } from './object';

export function physicalSlotStep(node: string, slot: string, standby: string): Step {
  return {
    id: `${node}/create-physical-slot/${slot}`,
    node,
    kind: 'create-physical-slot',
    summary: `Create physical replication slot ${slot} for ${standby}`,
    commands: [sqlCommand('postgres', createPhysicalSlotSql(slot))],
    params: { kind: 'create-physical-slot', slot },
  };
}

const readSlot = async (io: NodeIo, slot: string) =>
  (await io.query<{ slot_type: string; active: boolean }>('postgres', 'SELECT slot_type, active FROM pg_replication_slots WHERE slot_name = $1', [slot]))[0] ?? null;

export const physicalSlot = objectModule<'create-physical-slot', { slot_type: string } | null>({
  kind: 'create-physical-slot',
  read: (io, p) => readSlot(io, p.slot),
  diff(p, live) {
    if (!live) return { action: 'create', reason: `replication slot ${p.slot} is missing`, commands: [sqlCommand('postgres', createPhysicalSlotSql(p.slot))], expected: 'physical slot', actual: 'missing' };
    if (live.slot_type !== 'physical') return { action: 'change', reason: `replication slot ${p.slot} is a ${live.slot_type} slot, should be physical: drop it or choose another slot name`, commands: [], expected: 'physical slot', actual: `${live.slot_type} slot` };
    return null;
  },
});

type DropParams = ParamsOf<'drop-slot'>;

const dropSql = (slot: string) => `SELECT pg_drop_replication_slot(${quoteLiteral(slot)})`;

/** A slot nobody consumes any more retains WAL forever: dropped once its consumer is gone. */
export function dropSlotStep(node: string, slot: string, slotType: 'physical' | 'logical', consumer: string, cost: string): Step {
  const params: DropParams = { kind: 'drop-slot', slot, slotType, consumer };
  return { id: `${node}/drop-slot/${slot}`, node, kind: 'drop-slot', summary: `Drop ${slotType} replication slot ${slot} (was ${consumer}'s)`, commands: [sqlCommand('postgres', dropSql(slot))], params, destructive: cost };
}

export const droppedSlot = objectModule<'drop-slot', { slot_type: string; active: boolean } | null>({
  kind: 'drop-slot',
  read: (io, p) => readSlot(io, p.slot),
  diff(p, live) {
    if (!live) return null;
    return { action: 'drop', reason: `replication slot ${p.slot} is no longer used by ${p.consumer}${live.active ? ' (still in use: its consumer is stopped first)' : ''}`, commands: [sqlCommand('postgres', dropSql(p.slot))] };
  },
});
