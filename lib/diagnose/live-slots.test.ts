import { describe, expect, it } from 'vitest';
import { healthyFourNode as healthy, node } from './fixtures/four-node-snapshot';
import { diagnoseSnapshot } from './live';

describe('live diagnosis: slots', () => {
  it('explains an inactive slot retaining WAL, naming its standby and wal_status', () => {
    const s = healthy();
    s.slots[2] = {
      ...s.slots[2]!,
      active: false,
      walStatus: 'extended',
      retainedBytes: 3 * 1024 ** 3 + 512 * 1024 ** 2,
    };
    s.edges[2] = {
      ...s.edges[2]!,
      healthy: false,
      reason: 'vm4 is not streaming from vm3 (no WAL receiver)',
    };
    s.nodes[3] = node('vm4', { inRecovery: true, walReceiver: null });
    const [standby, slot] = diagnoseSnapshot(s);
    expect(standby).toMatchObject({
      id: 'standby-not-streaming',
      node: 'vm4',
      title: 'Standby vm4 is not streaming from vm3',
    });
    expect(standby!.meaning).toContain('It has no WAL receiver');
    expect(slot).toMatchObject({
      id: 'slot-inactive-retaining-wal',
      node: 'vm3',
      title: 'Inactive slot replication_slot_4 on vm3 retains 3.5 GB of WAL',
    });
    expect(slot!.meaning).toContain('it belongs to standby vm4');
    expect(slot!.meaning).toContain('wal_status is extended: beyond max_wal_size');
  });

  it('offers to drop a slot nobody in the topology uses', () => {
    const s = healthy();
    s.slots.push({
      node: 'vm1',
      slot: 'old_slot',
      type: 'logical',
      active: false,
      walStatus: 'unreserved',
      retainedBytes: 20 * 1024 ** 2,
    });
    const [d] = diagnoseSnapshot(s);
    expect(d!.fix[0]).toContain("`SELECT pg_drop_replication_slot('old_slot');`");
    expect(d!.meaning).toContain('removed at the next checkpoint');
  });

  it('explains a lost subscription slot with the exact steps to rebuild the subscription', () => {
    const s = healthy();
    s.slots[1] = { ...s.slots[1]!, active: false, walStatus: 'lost', retainedBytes: null };
    const [d] = diagnoseSnapshot(s);
    expect(d).toMatchObject({ id: 'slot-lost', node: 'vm1', title: 'Slot sub_test_vm1 on vm1 is lost' });
    expect(d!.fix[0]).toContain(
      'On vm3, detach and drop the subscription: `ALTER SUBSCRIPTION sub_test_vm1 DISABLE;`',
    );
  });
});
