import { describe, expect, it } from 'vitest';
import { fourNode } from '@/lib/plan/test-topologies';
import { buildSnapshot, seriesOf, type NodeResult } from './snapshot';
import { firingAlerts } from './alerts';
import type { NodeSample } from './node-sample';

const base = (over: Partial<NodeSample>): NodeSample => ({
  in_recovery: false,
  now: '2026-01-01T00:00:00Z',
  version: '15.18',
  current_lsn: '0/5000000',
  receive_lsn: null,
  replay_lsn: null,
  replay_ts: null,
  replication: [],
  wal_receiver: null,
  subscriptions: [],
  slots: [],
  ...over,
});
const sub = (subname: string) => ({
  subname,
  subenabled: true,
  pid: 10,
  received_lsn: null,
  latest_end_lsn: null,
  latest_end_time: null,
  last_msg_age: 0.5,
  apply_error_count: 0,
  sync_error_count: 0,
});
const logicalSlot = (slot_name: string, confirmed: string) => ({
  slot_name,
  slot_type: 'logical' as const,
  active: true,
  wal_status: 'reserved',
  safe_wal_size: null,
  confirmed_flush_lsn: confirmed,
  restart_lsn: confirmed,
});

function healthy(): Record<string, NodeResult> {
  return {
    vm1: {
      ok: true,
      skewMs: 0,
      sample: base({
        subscriptions: [sub('my_sub_test2')],
        slots: [logicalSlot('my_sub_test', '0/5000000'), logicalSlot('sub_test_vm1', '0/4FFF000')],
      }),
    },
    vm2: {
      ok: true,
      skewMs: 0,
      sample: base({
        current_lsn: '0/6000000',
        subscriptions: [sub('my_sub_test')],
        slots: [logicalSlot('my_sub_test2', '0/6000000'), logicalSlot('sub_test2_vm2', '0/6000000')],
      }),
    },
    vm3: {
      ok: true,
      skewMs: 0,
      sample: base({
        current_lsn: '0/7000000',
        subscriptions: [sub('sub_test_vm1'), sub('sub_test2_vm2')],
        slots: [
          {
            slot_name: 'replication_slot_4',
            slot_type: 'physical',
            active: true,
            wal_status: 'reserved',
            safe_wal_size: null,
            confirmed_flush_lsn: null,
            restart_lsn: '0/6FFF000',
          },
        ],
        replication: [
          {
            pid: 1,
            application_name: 'walreceiver',
            client_addr: '127.0.0.1',
            state: 'streaming',
            sent_lsn: '0/7000000',
            write_lsn: '0/7000000',
            flush_lsn: '0/7000000',
            replay_lsn: '0/7000000',
            write_lag: null,
            flush_lag: null,
            replay_lag: null,
            sync_state: 'async',
            slot_name: 'replication_slot_4',
          },
        ],
      }),
    },
    vm4: {
      ok: true,
      skewMs: 0,
      sample: base({
        in_recovery: true,
        current_lsn: null,
        receive_lsn: '0/7000000',
        replay_lsn: '0/7000000',
        wal_receiver: {
          status: 'streaming',
          flushed_lsn: '0/7000000',
          latest_end_lsn: '0/7000000',
          last_msg_send_time: null,
          last_msg_receipt_time: null,
          slot_name: 'replication_slot_4',
          sender_host: '127.0.0.1',
          sender_port: 55433,
        },
      }),
    },
  };
}

describe('cluster snapshot', () => {
  it('draws every edge of the four-node topology with its lag', () => {
    const s = buildSnapshot(fourNode(), healthy(), new Date());
    expect(s.edges.map((e) => `${e.kind} ${e.from}->${e.to} ${e.healthy} ${e.lagBytes}`)).toEqual([
      'logical vm2->vm1 true 0',
      'logical vm1->vm2 true 0',
      'logical vm1->vm3 true 4096',
      'logical vm2->vm3 true 0',
      'physical vm3->vm4 true 0',
    ]);
    // Idle and caught up: NULL replay_lag is zero lag.
    expect(s.edges[4]?.lagSeconds).toBe(0);
    expect(seriesOf(s).map((p) => p.series)).toContain('replay_lag_bytes:vm3->vm4');
    expect(firingAlerts(s)).toEqual([]);
  });

  it('marks a node down, breaks its edges with a reason, and fires the alerts', () => {
    const results = healthy();
    results.vm3 = { ok: false, error: 'connection refused' };
    results.vm4 = {
      ok: true,
      skewMs: 0,
      sample: base({ in_recovery: true, current_lsn: null, wal_receiver: null }),
    };
    const s = buildSnapshot(fourNode(), results, new Date());
    expect(s.nodes.find((n) => n.name === 'vm3')).toMatchObject({ up: false, error: 'connection refused' });
    const physical = s.edges.find((e) => e.kind === 'physical');
    expect(physical).toMatchObject({ healthy: false, reason: 'vm3 is down', lagSeconds: null });
    const keys = firingAlerts(s).map((a) => a.key);
    expect(keys).toEqual(expect.arrayContaining(['node-down:vm3', 'standby-not-streaming:vm4']));
  });

  it('alerts on lag over the threshold, a disabled subscription and retained WAL', () => {
    const results = healthy();
    const vm3 = results.vm3 as Extract<NodeResult, { ok: true }>;
    vm3.sample.replication[0] = { ...vm3.sample.replication[0]!, replay_lsn: '0/6000000', replay_lag: 12.5 };
    vm3.sample.slots[0] = { ...vm3.sample.slots[0]!, restart_lsn: '0/0' };
    vm3.sample.current_lsn = '1/7000000';
    vm3.sample.subscriptions[0] = { ...vm3.sample.subscriptions[0]!, subenabled: false, pid: null };
    const keys = firingAlerts(buildSnapshot(fourNode(), results, new Date())).map((a) => a.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'lag:physical:vm4',
        'slot-retained:vm3/replication_slot_4',
        'subscription-disabled:vm3/sub_test_vm1',
      ]),
    );
  });
});
