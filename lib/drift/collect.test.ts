import { describe, expect, it } from 'vitest';
import { nodeFiles } from '@/lib/plan/layout';
import { observed } from '@/lib/plan/test-topologies';
import { collectLiveNode, type LiveIo } from './collect';
import { DATABASE_SQL, NODE_SQL } from './live-sql';

const files = nodeFiles(observed.layout, 'vm3');

const nodeRow = {
  in_recovery: false,
  settings: [
    { name: 'wal_level', setting: 'replica', unit: null, vartype: 'enum', pending_restart: false, sourcefile: files.settingsFile },
    { name: 'wal_keep_size', setting: '512', unit: 'MB', vartype: 'integer', pending_restart: true, sourcefile: null },
  ],
  roles: [{ name: 'pgcascade_physical', can_login: true, replication: true, superuser: false, monitor: false }],
  databases: ['postgres', 'technolabels'],
  slots: [{ name: 'replication_slot_4', type: 'physical', active: true }],
  upstream: null,
};

const databaseRow = {
  tables: [{ name: 'test', readers: ['pgcascade_logical'] }],
  heartbeat_trigger: true,
  publications: [{ name: 'pgcascade_hb_vm3', tables: ['pgcascade_heartbeat'], row_filter: "(origin = 'vm3'::text)" }],
  subscriptions: [{ name: 'sub_test_vm1', enabled: true, host: '127.0.0.1', port: '55431', publications: ['my_pub_test'], slot_name: 'sub_test_vm1' }],
};

/** Answers the two queries by database, and records what was asked. */
function fakeIo(node: Record<string, unknown>, database: Record<string, unknown> | null, fileText: Record<string, string> = {}) {
  const asked: string[] = [];
  const io: LiveIo = {
    async query(sql, _params, db) {
      asked.push(db);
      if (sql === NODE_SQL && db === 'postgres') return [node];
      if (sql === DATABASE_SQL && database) return [database];
      throw new Error(`unexpected query on ${db}`);
    },
    readFile: async (path) => fileText[path] ?? null,
  };
  return { io, asked };
}

describe('collectLiveNode', () => {
  it('reads the node on postgres and the objects on the topology database', async () => {
    const { io, asked } = fakeIo(nodeRow, databaseRow, { [files.hbaFile]: 'local all all peer\n', [files.settingsFile]: '# managed\n' });
    const live = await collectLiveNode(io, files, 'technolabels');
    expect(asked).toEqual(['postgres', 'technolabels']);
    expect(live).toEqual({
      up: true,
      inRecovery: false,
      settings: {
        wal_level: { setting: 'replica', unit: null, vartype: 'enum', pendingRestart: false, sourceFile: files.settingsFile },
        wal_keep_size: { setting: '512', unit: 'MB', vartype: 'integer', pendingRestart: true, sourceFile: null },
      },
      settingsFile: '# managed\n',
      hbaFile: 'local all all peer\n',
      roles: [{ name: 'pgcascade_physical', canLogin: true, replication: true, superuser: false, monitor: false }],
      databases: ['postgres', 'technolabels'],
      tables: [{ name: 'test', readers: ['pgcascade_logical'] }],
      heartbeatTrigger: true,
      publications: [{ name: 'pgcascade_hb_vm3', tables: ['pgcascade_heartbeat'], rowFilter: "(origin = 'vm3'::text)" }],
      subscriptions: [{ name: 'sub_test_vm1', enabled: true, host: '127.0.0.1', port: 55431, publications: ['my_pub_test'], slotName: 'sub_test_vm1' }],
      slots: [{ name: 'replication_slot_4', type: 'physical', active: true }],
      upstream: null,
    });
  });

  it('reads a standby’s upstream, json given as text, and no objects when the database is missing', async () => {
    const standby = {
      ...nodeRow,
      in_recovery: true,
      databases: JSON.stringify(['postgres']),
      roles: null,
      upstream: JSON.stringify({ host: '127.0.0.1', port: '55433', slot: 'replication_slot_4', receiver_status: 'streaming' }),
    };
    const { io, asked } = fakeIo(standby, null);
    const live = await collectLiveNode(io, files, 'technolabels');
    expect(asked).toEqual(['postgres']);
    expect(live).toMatchObject({
      up: true,
      inRecovery: true,
      roles: [],
      tables: [],
      subscriptions: [],
      hbaFile: null,
      upstream: { host: '127.0.0.1', port: 55433, slot: 'replication_slot_4', receiverStatus: 'streaming' },
    });
  });

  it('reports a node it cannot read as unreachable, with the reason', async () => {
    const io: LiveIo = {
      query: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:55433');
      },
      readFile: async () => null,
    };
    expect(await collectLiveNode(io, files, 'technolabels')).toEqual({ up: false, error: 'connect ECONNREFUSED 127.0.0.1:55433' });
  });

  it('never selects a connection string whole: only host and port are cut out of it on the server', () => {
    const readers = [NODE_SQL, DATABASE_SQL].flatMap((sql) => [...sql.matchAll(/(\S+)\((?:s\.subconninfo|current_setting\('primary_conninfo'\))/g)].map((m) => m[1]));
    expect(readers).toEqual(['regexp_matches', 'regexp_matches', 'regexp_matches', 'regexp_matches']);
    expect(DATABASE_SQL.split('subconninfo').length - 1).toBe(2);
    expect(NODE_SQL).toMatch(/name !~ '\(conninfo\|password\|passphrase\)'/);
  });
});
