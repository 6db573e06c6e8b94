import { describe, expect, it } from 'vitest';
import { deriveSettings } from './settings';
import { deriveAccessRules } from './access';
import { cascade, fourNode, observed } from '../test-topologies';

const settings = (t: ReturnType<typeof fourNode>, node: string) => Object.fromEntries(deriveSettings(t, node, observed.layout));

describe('derived settings', () => {
  const t = fourNode();
  it('makes publishers logical and keeps a standby at its root’s level', () => {
    expect(settings(t, 'vm1').wal_level).toBe('logical');
    expect(settings(t, 'vm2').wal_level).toBe('logical');
    expect(settings(t, 'vm3').wal_level).toBe('replica');
    expect(settings(t, 'vm4').wal_level).toBe('replica');
  });
  it('archives on the standby’s upstream and restores on the standby', () => {
    expect(settings(t, 'vm3').archive_mode).toBe('on');
    expect(settings(t, 'vm3').archive_command).toBe('test ! -f /srv/pgcascade/clusters/c1/vm3/wal-archive/%f && cp %p /srv/pgcascade/clusters/c1/vm3/wal-archive/%f');
    expect(settings(t, 'vm3').wal_keep_size).toBe('512MB');
    expect(settings(t, 'vm4').restore_command).toBe('cp /srv/pgcascade/clusters/c1/vm3/wal-archive/%f %p');
    expect(settings(t, 'vm1').archive_mode).toBeUndefined();
  });
  it('gives every node the same sender and slot limits, so a standby is never below its upstream', () => {
    const values = ['vm1', 'vm2', 'vm3', 'vm4'].map((n) => [settings(t, n).max_wal_senders, settings(t, n).max_replication_slots, settings(t, n).max_worker_processes]);
    expect(new Set(values.map((v) => v.join())).size).toBe(1);
    expect(Number(values[0]![0])).toBeGreaterThanOrEqual(10);
  });
  it('listens on the node’s own port and address only', () => {
    expect(settings(t, 'vm2').port).toBe('55432');
    expect(settings(t, 'vm2').listen_addresses).toBe('127.0.0.1');
  });
});

describe('derived access rules', () => {
  it('lets exactly the peers that connect in, with scram', () => {
    const t = fourNode();
    expect(deriveAccessRules(t, 'vm1')).toEqual([{ database: 'technolabels', user: 'pgcascade_logical', address: '127.0.0.1', method: 'scram-sha-256' }]);
    expect(deriveAccessRules(t, 'vm3')).toEqual([{ database: 'replication', user: 'pgcascade_physical', address: '127.0.0.1', method: 'scram-sha-256' }]);
    expect(deriveAccessRules(t, 'vm4')).toEqual([]);
  });
  it('follows a cascade: each standby’s upstream admits it', () => {
    const t = cascade();
    expect(deriveAccessRules(t, 'vm4').map((r) => r.database)).toEqual(['replication']);
    expect(deriveAccessRules(t, 'vm5')).toEqual([]);
  });
});
