import { describe, expect, it } from 'vitest';
import sshExample from '@/examples/four-node.ssh.json';
import { compilePlan } from '@/lib/plan/compile';
import { valid } from '@/lib/plan/test-topologies';
import type { Step } from '@/lib/plan/types';
import { walReaderSource } from '@/lib/postgres/sql';
import { walReader, walReaderStep, type LiveWalReader } from './wal-reader';

const layout15 = { kind: 'debian', version: 15 } as const;
const step = walReaderStep(layout15, 'vm3');
const archiveDir = '/var/lib/postgresql/15/wal-archive';
const sqlOf = (commands: Step['commands']) => commands.map((c) => (c.type === 'sql' ? c.sql : '')).join('\n');

const made: NonNullable<LiveWalReader['fn']> = {
  src: walReaderSource(archiveDir),
  owner: 'pgcascade_admin',
  owner_is_superuser: true,
  security_definer: true,
  language: 'plpgsql',
  config: ['search_path=pg_catalog'],
  returns_bytea: true,
  granted: true,
  public_execute: false,
};
const live = (fn: Partial<NonNullable<LiveWalReader['fn']>> | null, schema: Partial<LiveWalReader> = {}): LiveWalReader => ({
  fn: fn ? { ...made, ...fn } : null,
  server_version_num: 150004,
  public_create: false,
  ...schema,
});

describe('the WAL reader', () => {
  it('is what its own step makes: no difference', () => {
    expect(walReader.diff(step.params, live({}), {})).toBeNull();
  });

  it('is replaced when anything but its name is not pgcascade’s', () => {
    const cases: Array<[Partial<NonNullable<LiveWalReader['fn']>>, RegExp]> = [
      // The old check only asked for the archive path somewhere in the source: this passed it.
      [{ src: `${walReaderSource(archiveDir)} -- and then: RETURN pg_read_binary_file('/etc/shadow')` }, /source is not pgcascade's/],
      [{ src: walReaderSource('/tmp') }, /source/],
      [{ owner: 'mallory', owner_is_superuser: false }, /owned by mallory, not a superuser/],
      [{ security_definer: false }, /not SECURITY DEFINER/],
      [{ language: 'sql' }, /in sql, not plpgsql/],
      [{ config: null }, /no settings, not search_path=pg_catalog/],
      [{ config: ['search_path=public, pg_catalog'] }, /runs with search_path=public/],
      [{ returns_bytea: false }, /bytea/],
      [{ public_execute: true }, /every role may call it/],
      [{ granted: false }, /pgcascade_physical may not call it/],
    ];
    for (const [fn, reason] of cases) {
      const change = walReader.diff(step.params, live(fn), {});
      expect(change?.action, reason.source).toBe('replace');
      expect(change?.reason).toMatch(reason);
      // Dropped and made again: CREATE OR REPLACE keeps a foreign owner.
      expect(sqlOf(change!.commands)).toMatch(/^DROP FUNCTION IF EXISTS public\.pgcascade_read_wal\(text\);\nCREATE FUNCTION public\.pgcascade_read_wal/);
    }
  });

  it('is created, schema-qualified, when missing', () => {
    const change = walReader.diff(step.params, live(null), {});
    expect(change?.action).toBe('create');
    const sql = sqlOf(change!.commands);
    expect(sql).toContain('CREATE FUNCTION public.pgcascade_read_wal(name text) RETURNS bytea');
    expect(sql).toContain('SECURITY DEFINER SET search_path = pg_catalog');
    expect(sql).toContain(`AS $fn$${walReaderSource(archiveDir)}$fn$;`);
    expect(sql).not.toContain('REVOKE CREATE ON SCHEMA public');
  });

  it('takes CREATE on schema public away from PUBLIC on PostgreSQL 13 and 14 only', () => {
    const pg14 = walReader.diff(step.params, live({}, { server_version_num: 140010, public_create: true }), {});
    expect(pg14?.action).toBe('change');
    expect(pg14?.reason).toMatch(/every role may create objects in schema public/);
    expect(sqlOf(pg14!.commands)).toBe('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    expect(sqlOf(walReader.diff(step.params, live(null, { server_version_num: 130015, public_create: true }), {})!.commands)).toMatch(/^REVOKE CREATE ON SCHEMA public FROM PUBLIC\nDROP FUNCTION/);
    expect(walReader.diff(step.params, live({}, { server_version_num: 140010, public_create: false }), {})).toBeNull();
    // On 15 and later a grant to PUBLIC is the user's own choice.
    expect(walReader.diff(step.params, live({}, { server_version_num: 150004, public_create: true }), {})).toBeNull();
  });

  it('is planned with the schema closed on a PostgreSQL 14 host, not on 15', () => {
    const plan = (version: number) => compilePlan(valid({ ...sshExample, postgresVersion: version }), { layout: { kind: 'debian', version } });
    const reader = (version: number) => plan(version).steps.find((s) => s.kind === 'create-wal-reader')!;
    expect(sqlOf(reader(14).commands)).toMatch(/^REVOKE CREATE ON SCHEMA public FROM PUBLIC\n/);
    expect(reader(14).summary).toMatch(/take CREATE on schema public away from PUBLIC/);
    expect(sqlOf(reader(15).commands)).not.toContain('REVOKE CREATE ON SCHEMA');
    // The standby's restore_command calls it by its schema-qualified name.
    const script = plan(15).steps.find((s) => s.id === 'vm4/write-files/restore-wal')!.commands.find((c) => c.type === 'file' && c.path.endsWith('restore-wal'));
    expect(script?.type === 'file' && script.content).toContain("SELECT encode(public.pgcascade_read_wal('$1'), 'base64')");
  });
});
