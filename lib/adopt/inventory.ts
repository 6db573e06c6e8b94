/**
 * What runs on one existing server, read before pgcascade adopts it: the SQL beside the shapes it returns. Pure
 * (no connection here): lib/clusters/import.ts runs the queries through the node-connection module.
 */

/** The settings an import reports: what replication needs and what a standby follows. */
export const INVENTORY_SETTINGS = [
  'wal_level',
  'max_wal_senders',
  'max_replication_slots',
  'max_logical_replication_workers',
  'max_sync_workers_per_subscription',
  'max_worker_processes',
  'listen_addresses',
  'hot_standby',
  'archive_mode',
  'primary_conninfo',
  'primary_slot_name',
  'port',
] as const;

/** Server-wide facts, asked in the `postgres` database. `$1`: the setting names. */
export const SERVER_SQL = `
SELECT current_setting('server_version_num')::int AS version,
       current_setting('data_directory') AS data_directory,
       pg_is_in_recovery() AS in_recovery,
       ARRAY(SELECT datname::text FROM pg_database WHERE NOT datistemplate ORDER BY 1) AS databases,
       (SELECT json_object_agg(name, setting) FROM pg_settings WHERE name = ANY($1)) AS settings,
       (SELECT json_agg(json_build_object('name', slot_name, 'type', slot_type, 'database', database, 'active', active) ORDER BY slot_name)
          FROM pg_replication_slots) AS slots,
       (SELECT json_agg(json_build_object('applicationName', r.application_name, 'clientAddr', host(r.client_addr), 'state', r.state,
                                          'syncState', r.sync_state, 'slot', s.slot_name) ORDER BY r.application_name)
          FROM pg_stat_replication r LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid) AS standbys,
       (SELECT json_agg(json_build_object('line', line_number, 'type', type, 'database', database, 'user', user_name,
                                          'address', address, 'netmask', netmask, 'method', auth_method) ORDER BY line_number)
          FROM pg_hba_file_rules WHERE error IS NULL) AS access`;

/** The objects of one database. */
export const DATABASE_SQL = `
SELECT ARRAY(SELECT nspname::text FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1) AS schemas,
       (SELECT json_agg(json_build_object('schema', n.nspname, 'name', c.relname, 'bytes', pg_total_relation_size(c.oid),
                                          'rows', c.reltuples::bigint,
                                          'primaryKey', EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),
                                          'replicaIdentity', CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'f' THEN 'full' WHEN 'i' THEN 'index' ELSE 'nothing' END)
                        ORDER BY n.nspname, c.relname)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema') AS tables,
       (SELECT json_agg(json_build_object('name', p.pubname, 'allTables', p.puballtables,
                                          'operations', concat_ws(',', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                                                                  CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),
                                          'tables', ARRAY(SELECT format('%s.%s', pt.schemaname, pt.tablename) FROM pg_publication_tables pt
                                                           WHERE pt.pubname = p.pubname ORDER BY 1))
                        ORDER BY p.pubname)
          FROM pg_publication p) AS publications,
       (SELECT json_agg(json_build_object('name', s.subname, 'conninfo', s.subconninfo, 'publications', s.subpublications,
                                          'enabled', s.subenabled, 'slot', s.subslotname) ORDER BY s.subname)
          FROM pg_subscription s WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) AS subscriptions`;

export interface InventoryTable {
  schema: string;
  name: string;
  bytes: number;
  /** The planner's estimate; null when the table was never analysed. */
  rows: number | null;
  primaryKey: boolean;
  replicaIdentity: 'default' | 'full' | 'index' | 'nothing';
}

export interface InventoryPublication {
  name: string;
  allTables: boolean;
  operations: string;
  /** `schema.table` each. */
  tables: string[];
}

export interface InventorySubscription {
  name: string;
  /** With any password removed. */
  conninfo: string;
  publications: string[];
  enabled: boolean;
  slot: string | null;
}

export interface NodeInventory {
  node: string;
  version: number;
  majorVersion: number;
  dataDirectory: string;
  inRecovery: boolean;
  databases: string[];
  settings: Record<string, string>;
  slots: Array<{ name: string; type: string; database: string | null; active: boolean }>;
  /** Who streams from this server now (pg_stat_replication). */
  standbys: Array<{ applicationName: string; clientAddr: string | null; state: string; syncState: string; slot: string | null }>;
  access: Array<{ line: number; type: string; database: string[]; user: string[]; address: string | null; netmask: string | null; method: string }>;
  /** The imported database's objects; null when this server does not have that database. */
  database: { schemas: string[]; tables: InventoryTable[]; publications: InventoryPublication[]; subscriptions: InventorySubscription[] } | null;
}

type ServerRow = { version: number; data_directory: string; in_recovery: boolean; databases: string[]; settings: Record<string, string> | null; slots: NodeInventory['slots'] | null; standbys: NodeInventory['standbys'] | null; access: NodeInventory['access'] | null };
type DatabaseRow = { schemas: string[]; tables: Array<Omit<InventoryTable, 'bytes' | 'rows'> & { bytes: number | string; rows: number | string }> | null; publications: InventoryPublication[] | null; subscriptions: InventorySubscription[] | null };

/** A conninfo without its password, for showing. */
export function withoutPassword(conninfo: string): string {
  return conninfo.replace(/password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g, 'password=********');
}

export function parseInventory(node: string, server: ServerRow, database: DatabaseRow | null): NodeInventory {
  return {
    node,
    version: server.version,
    majorVersion: Math.floor(server.version / 10_000),
    dataDirectory: server.data_directory,
    inRecovery: server.in_recovery,
    databases: server.databases,
    settings: Object.fromEntries(Object.entries(server.settings ?? {}).map(([k, v]) => [k, k === 'primary_conninfo' ? withoutPassword(v) : v])),
    slots: server.slots ?? [],
    standbys: server.standbys ?? [],
    access: server.access ?? [],
    database: database && {
      schemas: database.schemas,
      tables: (database.tables ?? []).map((t) => ({ ...t, bytes: Number(t.bytes), rows: Number(t.rows) < 0 ? null : Number(t.rows) })),
      publications: database.publications ?? [],
      subscriptions: (database.subscriptions ?? []).map((s) => ({ ...s, conninfo: withoutPassword(s.conninfo) })),
    },
  };
}
