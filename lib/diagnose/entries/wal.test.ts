import { describe, expect, it } from 'vitest';
import { diagnoseAll, diagnoseError } from '../catalogue';

describe('wal_level and slot diagnoses', () => {
  it('asks for wal_level = logical on the publisher, from either message', () => {
    const warning = `WARNING:  wal_level is insufficient to publish logical changes
HINT:  Set wal_level to "logical" before creating subscriptions.`;
    const refused =
      'ERROR:  could not create replication slot "s3": ERROR:  logical decoding requires wal_level >= logical';
    for (const text of [warning, refused, 'ERROR:  logical decoding requires wal_level >= logical']) {
      const d = diagnoseError(text)!;
      expect(d.id).toBe('wal-level-not-logical');
      expect(d.fix[0]).toBe("On the publisher: `ALTER SYSTEM SET wal_level = 'logical';`");
    }
    expect(diagnoseError(refused)?.meaning).toContain('the publisher refused');
  });

  it('explains slots on a wal_level = minimal server', () => {
    const d = diagnoseError('ERROR:  replication slots can only be used if wal_level >= replica')!;
    expect(d).toMatchObject({ id: 'wal-level-minimal', title: 'wal_level is minimal' });
    expect(
      diagnoseError('ERROR:  replication slots can only be used if max_replication_slots > 0')?.title,
    ).toBe('max_replication_slots is 0');
  });

  it('recreates a missing physical slot for a standby', () => {
    const text =
      'FATAL:  could not start WAL streaming: ERROR:  replication slot "no_such_slot" does not exist';
    const d = diagnoseError(text)!;
    expect(d.title).toBe('Physical slot no_such_slot is missing');
    expect(d.fix[0]).toContain("`SELECT pg_create_physical_replication_slot('no_such_slot', true);`");
    const backup = `pg_basebackup: error: could not send replication command "START_REPLICATION": ERROR:  replication slot "no_such_slot" does not exist
pg_basebackup: error: background process terminated unexpectedly`;
    expect(diagnoseError(backup)?.title).toBe('Physical slot no_such_slot is missing');
  });

  it('recreates a missing logical slot and re-enables the subscription', () => {
    const text =
      'ERROR:  could not start WAL streaming: ERROR:  replication slot "sub_test_vm1" does not exist';
    expect(diagnoseError(text)?.title).toBe('Logical slot sub_test_vm1 is missing on the publisher');
    const d = diagnoseError(text.replace('ERROR:  could', 'could'), { subscription: 'sub_test_vm1' })!;
    expect(d.title).toBe('Logical slot sub_test_vm1 is missing on the publisher');
    expect(d.fix.join('\n')).toContain(
      "`SELECT pg_create_logical_replication_slot('sub_test_vm1', 'pgoutput');`",
    );
    expect(d.fix.join('\n')).toContain('`ALTER SUBSCRIPTION sub_test_vm1 ENABLE;`');
  });

  it('explains a lost logical slot as the subscriber logs it', () => {
    const text = `ERROR:  could not start WAL streaming: ERROR:  cannot read from logical replication slot "my_sub"
\tDETAIL:  This slot has been invalidated because it exceeded the maximum reserved size.`;
    const all = diagnoseAll(text);
    expect(all.map((d) => d.id)).toEqual(['slot-invalidated']);
    expect(all[0]!.title).toBe('Slot my_sub is lost: subscription my_sub cannot continue');
    expect(all[0]!.fix.join('\n')).toContain('`ALTER SUBSCRIPTION my_sub SET (slot_name = NONE);`');
  });

  it('explains a lost slot read through SQL', () => {
    const text = `ERROR:  can no longer get changes from replication slot "lostlog"
DETAIL:  This slot has never previously reserved WAL, or it has been invalidated.`;
    expect(diagnoseError(text)?.fix.join('\n')).toContain("`SELECT pg_drop_replication_slot('lostlog');`");
  });

  it('knows an exhausted slot limit by its message or, worded otherwise, by its SQLSTATE', () => {
    expect(diagnoseError('ERROR:  all replication slots are in use\nHINT:  Free one or increase max_replication_slots.')?.id).toBe('slots-exhausted');
    expect(diagnoseError('vm1/postgres: alle Replikations-Slots sind in Benutzung', { node: 'vm1', sqlstate: '53400' })?.title).toBe('No replication slot left on vm1');
    expect(diagnoseError('something else', { sqlstate: '42P01' })).toBeNull();
  });
});
