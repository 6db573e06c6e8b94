import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pgBin, runAsPostgres } from './psql';

const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

/** A PostgreSQL server made outside the panel (initdb, pg_ctl), the way a DBA's existing server is. */
export interface OutsideCluster {
  dir: string;
  dataDir: string;
  port: number;
  password: string;
  psql(database: string, sql: string): string;
  stop(): void;
}

export function startOutsideCluster(port: number, password: string, settings: string[] = []): OutsideCluster {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgcascade-outside-'));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const run = path.join(dir, 'run');
  mkdirSync(run, { mode: 0o777 });
  chmodSync(run, 0o777);
  const pwfile = path.join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  runAsPostgres([pgBin('initdb'), '-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`]);
  rmSync(pwfile);
  const conf = [`port = ${port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${run}'`, 'wal_level = logical', ...settings];
  runAsPostgres(['sh', '-c', `printf '%s\\n' ${conf.map((c) => `"${c.replace(/"/g, '\\"')}"`).join(' ')} >> ${dataDir}/postgresql.conf`]);
  runAsPostgres([pgBin('pg_ctl'), '-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  const psql = (database: string, sql: string) =>
    execFileSync(asPostgres[0] ?? 'psql', [...asPostgres.slice(1), ...(asPostgres.length ? ['psql'] : []), '-X', '-h', run, '-p', String(port), '-U', 'postgres', '-d', database, '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8', timeout: 60_000 }).trim();
  return {
    dir,
    dataDir,
    port,
    password,
    psql,
    stop() {
      try {
        runAsPostgres([pgBin('pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'], 60_000);
      } catch {
        // not running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything an apply could change on one database: roles, relations, publications, slots, settings, access lines. */
const CATALOG_SQL = `SELECT concat_ws(E'\\n',
  (SELECT string_agg(rolname || ':' || rolsuper::text || rolreplication::text || coalesce(rolpassword, ''), ',' ORDER BY rolname) FROM pg_authid),
  (SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || c.relreplident::text || coalesce(obj_description(c.oid, 'pg_class'), ''), ',' ORDER BY n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace),
  (SELECT string_agg(oid::text || typname, ',' ORDER BY oid) FROM pg_type),
  (SELECT string_agg(pubname || coalesce(obj_description(oid, 'pg_publication'), ''), ',' ORDER BY pubname) FROM pg_publication),
  (SELECT string_agg(pubname || '/' || schemaname || '.' || tablename, ',' ORDER BY pubname, schemaname, tablename) FROM pg_publication_tables),
  (SELECT string_agg(subname, ',' ORDER BY subname) FROM pg_subscription),
  (SELECT string_agg(slot_name, ',' ORDER BY slot_name) FROM pg_replication_slots),
  (SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database),
  (SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_settings),
  (SELECT string_agg(line_number::text || ':' || type || ':' || array_to_string(database, ',') || ':' || array_to_string(user_name, ',') || ':' || coalesce(address, ''), ';' ORDER BY line_number) FROM pg_hba_file_rules),
  (SELECT string_agg((pg_stat_file(f)).modification::text || f, ',' ORDER BY f) FROM unnest(ARRAY['postgresql.conf', 'pg_hba.conf', 'postgresql.auto.conf']) AS f))`;

/** A fingerprint of the server's catalogs (in each database) and its configuration files, to compare before and after. */
export function catalogFingerprint(c: OutsideCluster, databases: string[]): string {
  const parts = databases.map((db) => c.psql(db, CATALOG_SQL));
  parts.push(readdirSync(c.dataDir).sort().join(','));
  for (const f of ['postgresql.conf', 'pg_hba.conf', 'postgresql.auto.conf']) parts.push(createHash('md5').update(readFileSync(path.join(c.dataDir, f))).digest('hex'));
  return parts.join('\n---\n');
}
