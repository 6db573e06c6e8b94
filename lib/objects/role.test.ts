import { describe, expect, it } from 'vitest';
import { fourNode } from '@/lib/plan/test-topologies';
import type { Step } from '@/lib/plan/types';
import { scramVerifier } from '@/lib/postgres/scram';
import { monitorRole, monitorRoleStep, type LiveMonitor } from './role';

const step = monitorRoleStep(fourNode(), 'vm1');
const secrets = { monitor_password: 'mp-0123456789' };
const verifier = scramVerifier(secrets.monitor_password);
const good: LiveMonitor = { rolpassword: verifier, login: true, stats: true, broader: [], heartbeat: true };
const sqlOf = (commands: Step['commands']) => commands.map((c) => (c.type === 'sql' ? c.sql : ''));

describe('the monitoring role', () => {
  it('is made with pg_read_all_stats, never pg_monitor (whose pg_read_all_settings shows primary_conninfo)', () => {
    const sql = sqlOf(step.commands);
    expect(sql).toContain('GRANT pg_read_all_stats TO "pgcascade_monitor"');
    expect(sql.join('\n')).not.toMatch(/GRANT [^;]*pg_monitor|pg_read_all_settings TO/);
    expect(monitorRole.diff(step.params, good, secrets)).toBeNull();
  });

  it('moves an existing role out of pg_monitor (and anything that reads settings) on re-apply', () => {
    const change = monitorRole.diff(step.params, { ...good, broader: ['pg_monitor', 'pg_read_all_settings'] }, secrets);
    expect(change?.action).toBe('change');
    expect(change?.reason).toMatch(/is in pg_monitor, pg_read_all_settings, which lets it read every setting/);
    expect(sqlOf(change!.commands)).toEqual([
      expect.stringMatching(/^ALTER ROLE "pgcascade_monitor" WITH LOGIN NOSUPERUSER/),
      'REVOKE pg_monitor, pg_read_all_settings, pg_read_server_files FROM "pgcascade_monitor"',
      'GRANT pg_read_all_stats TO "pgcascade_monitor"',
      'GRANT SELECT, INSERT, UPDATE ON public."pgcascade_heartbeat" TO "pgcascade_monitor"',
    ]);
  });

  it('says each other thing that is wrong', () => {
    expect(monitorRole.diff(step.params, { ...good, stats: false }, secrets)?.reason).toMatch(/is not in pg_read_all_stats/);
    expect(monitorRole.diff(step.params, { ...good, login: false }, secrets)?.reason).toMatch(/cannot log in or is a superuser/);
    expect(monitorRole.diff(step.params, { ...good, heartbeat: false }, secrets)?.reason).toMatch(/may not write pgcascade_heartbeat/);
    expect(monitorRole.diff(step.params, { ...good, rolpassword: scramVerifier('other') }, secrets)?.reason).toMatch(/password is not the cluster's/);
    expect(monitorRole.diff(step.params, null, secrets)?.action).toBe('create');
  });
});
