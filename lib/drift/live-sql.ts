import { HEARTBEAT_TABLE } from '@/lib/postgres/sql';

/**
 * One value of a libpq connection string, extracted on the server so that the password in it never leaves
 * PostgreSQL. The pairs are matched left to right, so a quoted value (`password='a host=b'`) is never split.
 */
function conninfoValue(expression: string, key: 'host' | 'port'): string {
  const pair = String.raw`$q$(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']+)$q$`;
  const unquoted = String.raw`regexp_replace(regexp_replace(m[2], $q$^'(.*)'$$q$, '\1'), $q$\\(.)$q$, '\1', 'g')`;
  return `(SELECT ${unquoted} FROM regexp_matches(${expression}, ${pair}, 'g') AS m WHERE m[1] = '${key}' LIMIT 1)`;
}

/** Cluster-wide state, one row of JSON columns; run on the `postgres` database. */
export const NODE_SQL = `
SELECT pg_is_in_recovery() AS in_recovery,
  (SELECT json_agg(json_build_object('name', name, 'setting', setting, 'unit', unit, 'vartype', vartype,
                                     'pending_restart', pending_restart, 'sourcefile', sourcefile))
     FROM pg_settings WHERE name !~ '(conninfo|password|passphrase)') AS settings,
  (SELECT json_agg(json_build_object('name', rolname, 'can_login', rolcanlogin, 'replication', rolreplication,
                                     'superuser', rolsuper, 'monitor', pg_has_role(oid, 'pg_monitor', 'MEMBER')))
     FROM pg_roles WHERE rolname !~ '^pg_') AS roles,
  (SELECT json_agg(datname::text) FROM pg_database WHERE NOT datistemplate) AS databases,
  (SELECT json_agg(json_build_object('name', slot_name, 'type', slot_type, 'active', active))
     FROM pg_replication_slots) AS slots,
  CASE WHEN pg_is_in_recovery() THEN json_build_object(
    'host', ${conninfoValue("current_setting('primary_conninfo')", 'host')},
    'port', ${conninfoValue("current_setting('primary_conninfo')", 'port')},
    'slot', nullif(current_setting('primary_slot_name'), ''),
    'receiver_status', (SELECT status FROM pg_stat_wal_receiver LIMIT 1)) END AS upstream`;

/** The topology database's objects, one row of JSON columns; run on that database. */
export const DATABASE_SQL = `
SELECT
  (SELECT json_agg(json_build_object('name', c.relname,
            'readers', ARRAY(SELECT r.rolname::text FROM pg_roles r
                              WHERE r.rolname LIKE 'pgcascade\\_%' AND has_schema_privilege(r.oid, n.oid, 'USAGE')
                                AND has_table_privilege(r.oid, c.oid, 'SELECT') ORDER BY 1)))
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')) AS tables,
  EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'pgcascade_heartbeat_arrival'
             AND tgrelid = to_regclass('public.${HEARTBEAT_TABLE}') AND tgenabled = 'A') AS heartbeat_trigger,
  (SELECT json_agg(json_build_object('name', p.pubname,
            'tables', ARRAY(SELECT pt.tablename::text FROM pg_publication_tables pt
                             WHERE pt.pubname = p.pubname AND pt.schemaname = 'public' ORDER BY 1),
            'row_filter', (SELECT max(pt.rowfilter) FROM pg_publication_tables pt WHERE pt.pubname = p.pubname)))
     FROM pg_publication p) AS publications,
  (SELECT json_agg(json_build_object('name', s.subname, 'enabled', s.subenabled,
            'host', ${conninfoValue('s.subconninfo', 'host')}, 'port', ${conninfoValue('s.subconninfo', 'port')},
            'publications', s.subpublications, 'slot_name', s.subslotname))
     FROM pg_subscription s
    WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) AS subscriptions`;
