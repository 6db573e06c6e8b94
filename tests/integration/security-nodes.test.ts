import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, failedSteps, waitForJob } from './helpers/api';
import { poll } from './helpers/poll';
import { psql } from './helpers/psql';
import { freshDataDir, startPanel, type PanelServer } from './helpers/server';
import { applyLocalCluster, removePanel } from './helpers/local-cluster';
import { connectNode } from '@/lib/postgres/node-connection';
import { walReader, walReaderStep, type LiveWalReader } from '@/lib/objects/wal-reader';
import type { NodeIo } from '@/lib/objects';
import type { Step } from '@/lib/plan/types';

// sec's range: clusters 55800-55829, panel 3410-3419.
const ports = { p1: 55800, s1: 55801 };
const PROBE = { user: 'sec_probe', password: 'probe-password-0123' };

const topology = {
  name: 'security-nodes',
  provider: 'local',
  postgresVersion: 15,
  database: 'app',
  tables: [{ name: 't', columns: [{ name: 'id', type: 'serial', primaryKey: true }, { name: 'data', type: 'text' }] }],
  nodes: [
    { name: 'p1', port: ports.p1 },
    { name: 's1', port: ports.s1 },
  ],
  standbys: [{ node: 's1', upstream: 'p1' }],
};

interface Status {
  nodes: Array<{ name: string; up: boolean; inRecovery: boolean | null; error?: string; walReceiver: { status: string; sender_host: string | null } | null }>;
  edges: Array<{ kind: string; from: string; to: string; healthy: boolean; lagBytes: number | null }>;
}
interface DriftAnswer {
  drift: Array<{ stepId: string; what: string }>;
  error: string | null;
}
interface Diagnosis {
  id: string;
  node?: string;
  title: string;
  meaning: string;
  fix: string[];
}

describe('security on the nodes: the monitoring role, the WAL reader, search_path, weak pg_hba lines', () => {
  const dataDir = freshDataDir();
  let panel: PanelServer;
  let id = '';
  let root = '';
  const sql = (node: keyof typeof ports, database: string, text: string) => psql(root, node, ports[node], database, text);
  // As the monitoring role itself: privileges are those of the role set, not of the superuser that set it.
  const asMonitor = (node: keyof typeof ports, text: string) => sql(node, 'app', `SET ROLE pgcascade_monitor; ${text}`).replace(/^SET\n?/, '');
  const status = async () => (await api<Status>(panel.url, 'GET', `/api/clusters/${id}/status`)).body;
  const sampled = (s: Status) =>
    s.nodes.length === 2 && s.nodes.every((n) => n.up) && s.edges.some((e) => e.kind === 'physical' && e.healthy && e.lagBytes !== null);

  beforeAll(async () => {
    panel = await startPanel(3410, dataDir, { PGCASCADE_SAMPLE_INTERVAL_MS: '500' });
    ({ id, root } = await applyLocalCluster(panel, topology));
    // A superuser of the test's own, over TCP like the panel: to open sessions through lib's one connection module.
    sql('p1', 'postgres', `CREATE ROLE ${PROBE.user} LOGIN SUPERUSER PASSWORD '${PROBE.password}'`);
  });
  afterAll(() => removePanel(panel, dataDir));

  it('samples every node as the monitoring role, which cannot read primary_conninfo in any way', async () => {
    // The sampler logs in as pgcascade_monitor: a healthy physical edge needs pg_stat_replication in full.
    const s = await poll(status, sampled, 30_000, 'both nodes sampled and the standby streaming');
    expect(s.nodes.find((n) => n.name === 's1')?.walReceiver).toMatchObject({ status: 'streaming', sender_host: expect.any(String) });
    expect(sql('p1', 'app', "SELECT count(*) FROM pg_stat_activity WHERE usename = 'pgcascade_monitor' AND application_name = 'pgcascade-sampler'")).not.toBe('0');
    for (const node of ['p1', 's1'] as const) {
      expect(sql(node, 'app', "SELECT string_agg(b.rolname, ',' ORDER BY b.rolname) FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = 'pgcascade_monitor'")).toBe('pg_read_all_stats');
      // What the sampler reads, as that role: the standby's sender and the primary's replication rows, not hidden.
      expect(asMonitor(node, 'SELECT count(*) FROM pg_stat_replication WHERE state IS NOT NULL')).toBe(node === 'p1' ? '1' : '0');
      expect(asMonitor(node, 'SELECT count(*) FROM pg_stat_wal_receiver WHERE sender_host IS NOT NULL')).toBe(node === 's1' ? '1' : '0');
    }
    // The standby's primary_conninfo, however asked.
    expect(sql('s1', 'app', 'SHOW primary_conninfo')).toContain('pgcascade_physical');
    expect(() => asMonitor('s1', 'SHOW primary_conninfo')).toThrow(/permission denied|must be superuser or have privileges of pg_read_all_settings/);
    expect(() => asMonitor('s1', "SELECT current_setting('primary_conninfo')")).toThrow(/permission denied|pg_read_all_settings/);
    expect(asMonitor('s1', "SELECT coalesce(max(setting), '') FROM pg_settings WHERE name = 'primary_conninfo'")).not.toContain('pgcascade_physical');
    expect(() => asMonitor('s1', "SELECT setting FROM pg_file_settings WHERE name = 'primary_conninfo'")).toThrow(/permission denied/);
    expect(() => asMonitor('s1', "SELECT pg_read_file('postgresql.auto.conf')")).toThrow(/permission denied/);
  });

  it('moves a monitoring role made by an earlier version (pg_monitor) to the narrower set on reconcile', async () => {
    // Roles are cluster-wide: granted on the primary, the standby has it too once replayed.
    sql('p1', 'app', 'GRANT pg_monitor TO pgcascade_monitor');
    await poll(async () => { try { return asMonitor('s1', 'SHOW primary_conninfo'); } catch (e) { return String(e); } }, (v) => v.includes('pgcascade_physical'), 10_000, 'the standby’s monitoring role in pg_monitor');
    const found = (await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body;
    expect(found.error).toBeNull();
    expect(found.drift.map((d) => d.stepId).sort()).toEqual(['p1/create-monitor-role']);
    expect(found.drift[0]?.what).toMatch(/is in pg_monitor, pg_read_all_settings/);
    const queued = await api<{ jobId: string }>(panel.url, 'POST', `/api/clusters/${id}/reconcile`);
    expect(queued.status).toBe(202);
    expect(failedSteps(await waitForJob(panel.url, queued.body.jobId))).toEqual([]);
    // The primary's REVOKE reaches the standby by WAL.
    await poll(async () => { try { return asMonitor('s1', 'SHOW primary_conninfo'); } catch (e) { return String(e); } }, (v) => /permission denied|pg_read_all_settings/.test(v), 10_000, 'the standby’s monitoring role without pg_monitor');
    expect(() => asMonitor('p1', "SELECT current_setting('primary_conninfo')")).toThrow(/pg_read_all_settings/);
    expect((await api<DriftAnswer>(panel.url, 'POST', `/api/clusters/${id}/drift`)).body.drift).toEqual([]);
    await poll(status, sampled, 15_000, 'still sampled after the change');
  });

  it('pins search_path on the panel’s sessions: a schema put first by the database’s owner does not change what the sampler sees', async () => {
    const client = await connectNode({ host: '127.0.0.1', port: ports.p1, ...PROBE }, { database: 'app', purpose: 'security-test', connectTimeoutMs: 3000 });
    try {
      expect((await client.query<{ search_path: string }>('SHOW search_path')).rows[0]?.search_path).toBe('pg_catalog,public');
    } finally {
      await client.end();
    }
    // A stand-in for pg_is_in_recovery, reached first by every session that does not pin its search_path.
    sql('p1', 'app', "CREATE SCHEMA evil; GRANT USAGE ON SCHEMA evil TO PUBLIC; CREATE FUNCTION evil.pg_is_in_recovery() RETURNS boolean LANGUAGE sql AS 'SELECT true'");
    sql('p1', 'app', 'ALTER DATABASE app SET search_path = evil, pg_catalog, public');
    try {
      expect(sql('p1', 'app', 'SELECT pg_is_in_recovery()')).toBe('t');
      sql('p1', 'app', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'pgcascade%'");
      await poll(async () => sql('p1', 'app', "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgcascade-sampler' AND backend_start > now() - interval '1 minute'"), (v) => v !== '0', 15_000, 'the sampler reconnected');
      await new Promise((r) => setTimeout(r, 1500));
      const s = await status();
      expect(s.nodes.find((n) => n.name === 'p1')).toMatchObject({ up: true, inRecovery: false });
    } finally {
      sql('p1', 'app', 'ALTER DATABASE app RESET search_path; DROP SCHEMA evil CASCADE');
    }
  });

  it('checks the WAL reader’s owner, SECURITY DEFINER, settings and exact source on real PostgreSQL, and replaces it', async () => {
    const client = await connectNode({ host: '127.0.0.1', port: ports.p1, ...PROBE }, { database: 'postgres', purpose: 'security-test', connectTimeoutMs: 3000 });
    const io: NodeIo = {
      query: async <R extends Record<string, unknown>>(_db: string, text: string, params?: unknown[]) => (await client.query<R>(text, params)).rows,
      readFile: async () => null,
      exists: async () => false,
      isRunning: async () => true,
    };
    const run = async (commands: Step['commands']) => {
      for (const c of commands) if (c.type === 'sql') await client.query(c.sql);
    };
    try {
      // pgcascade_physical exists already: the standby streams as it.
      await client.query('CREATE ROLE mallory LOGIN');
      const step = walReaderStep({ kind: 'debian', version: 15 }, 'p1');
      const read = () => walReader.read(io, step.params) as Promise<LiveWalReader>;
      expect(walReader.diff(step.params, await read(), {})?.action).toBe('create');
      await run(step.commands);
      expect(walReader.diff(step.params, await read(), {})).toBeNull();
      expect((await client.query("SELECT public.pgcascade_read_wal('../../etc/passwd')").catch((e: Error) => e.message))).toMatch(/not a WAL file name/);

      const tamper = async (change: string) => {
        await client.query(change);
        const diff = walReader.diff(step.params, await read(), {});
        expect(diff?.action, change).toBe('replace');
        await run(diff!.commands);
        expect(walReader.diff(step.params, await read(), {}), change).toBeNull();
        return diff!.reason;
      };
      // The old check (the archive path somewhere in the source) let each of these through.
      const archive = '/var/lib/postgresql/15/wal-archive/';
      expect(await tamper(`CREATE OR REPLACE FUNCTION public.pgcascade_read_wal(name text) RETURNS bytea LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$ BEGIN RETURN pg_read_binary_file(CASE WHEN name LIKE '/%' THEN name ELSE '${archive}' || name END); END $fn$`)).toMatch(/source is not pgcascade's/);
      expect(await tamper('ALTER FUNCTION public.pgcascade_read_wal(text) OWNER TO mallory')).toMatch(/owned by mallory, not a superuser/);
      expect(await tamper('ALTER FUNCTION public.pgcascade_read_wal(text) SECURITY INVOKER')).toMatch(/not SECURITY DEFINER/);
      expect(await tamper('ALTER FUNCTION public.pgcascade_read_wal(text) SET search_path = public, pg_catalog')).toMatch(/runs with search_path=public/);
      expect(await tamper('GRANT EXECUTE ON FUNCTION public.pgcascade_read_wal(text) TO PUBLIC')).toMatch(/every role may call it/);
      const owner = await client.query<{ super: boolean }>("SELECT r.rolsuper AS super FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner WHERE p.oid = 'public.pgcascade_read_wal(text)'::regprocedure");
      expect(owner.rows[0]?.super).toBe(true);

      // PostgreSQL 15 closed schema public itself; what a 13/14 server reports is handled by taking CREATE away.
      await client.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
      const open = await read();
      expect(open.public_create).toBe(true);
      expect(walReader.diff(step.params, open, {})).toBeNull();
      const as14 = walReader.diff(step.params, { ...open, server_version_num: 140010 }, {});
      expect(as14?.action).toBe('change');
      await run(as14!.commands);
      expect((await read()).public_create).toBe(false);
    } finally {
      await client.query('DROP FUNCTION IF EXISTS public.pgcascade_read_wal(text); DROP ROLE IF EXISTS mallory').catch(() => undefined);
      await (client as pg.Client).end();
    }
  });

  it('warns about trust, password and md5 lines outside pgcascade’s block, with the line and the fix', async () => {
    const hba = path.join(root, 'p1', 'pgdata', 'pg_hba.conf');
    const original = readFileSync(hba, 'utf8');
    const diagnoses = async () => (await api<Diagnosis[] | { diagnoses: Diagnosis[] }>(panel.url, 'GET', `/api/clusters/${id}/diagnoses`)).body;
    const list = async () => {
      const body = await diagnoses();
      return (Array.isArray(body) ? body : body.diagnoses).filter((d) => d.id === 'weak-pg-hba-line');
    };
    expect(await list()).toEqual([]);
    // Not reloaded: pg_hba_file_rules reads the file as it is on disk, so the server never accepts these.
    writeFileSync(hba, `host all all 10.9.0.0/16 trust\n${original}host app app_user 10.8.0.0/16 md5\nhost all all 0.0.0.0/0 password\n`);
    try {
      const weak = await list();
      const lines = original.split('\n').length;
      expect(weak.map((d) => [d.node, d.title])).toEqual([
        ['p1', expect.stringMatching(/^p1 accepts trust logins \(.*pg_hba\.conf line 1\)$/)],
        ['p1', `p1 accepts md5 logins (${hba} line ${lines + 1})`],
        ['p1', `p1 accepts password logins (${hba} line ${lines + 2})`],
      ]);
      expect(weak[0]?.meaning).toContain('no password at all');
      expect(weak[0]?.fix[0]).toContain('change `trust` to `scram-sha-256`');
      expect(weak[1]?.fix.join('\n')).toContain("rolpassword LIKE 'md5%'");
    } finally {
      writeFileSync(hba, original);
    }
    expect(await list()).toEqual([]);
  });
});
