import { describe, expect, it } from 'vitest';
import { compilePlan } from '@/lib/plan/compile';
import sshExample from '@/examples/four-node.ssh.json';
import { observed, valid } from '@/lib/plan/test-topologies';
import { renderHbaBlock } from '@/lib/postgres/pg-hba';
import { validateTopology, type Topology } from '@/lib/topology';
import { createCa, issueNodeCertificate } from '@/lib/tls/certificates';
import { tls, tlsSecretsToIssue, CA_CERT_SECRET, CA_KEY_SECRET } from './tls';
import type { ParamsOf } from './object';

const DAY = 86_400_000;

function topology(extra: Record<string, unknown>): Topology {
  const r = validateTopology({ name: 'c', provider: 'local', postgresVersion: 15, database: 'app', tables: [{ name: 't', columns: [{ name: 'id', type: 'bigint', primaryKey: true }] }], nodes: [{ name: 'n1', port: 56001 }, { name: 'n2', port: 56002 }], publications: [{ node: 'n1', name: 'p', tables: ['t'] }], subscriptions: [{ node: 'n2', name: 's', publisher: 'n1', publications: ['p'] }], standbys: [], ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.topology;
}

describe('TLS in the topology and the plan', () => {
  it('is off for local clusters unless asked, on for SSH clusters unless refused', () => {
    expect(compilePlan(topology({}), observed).steps.some((s) => s.kind === 'write-tls')).toBe(false);
    const on = compilePlan(topology({ tls: true }), observed).steps;
    expect(on.filter((s) => s.kind === 'write-tls').map((s) => s.id)).toEqual(['n1/write-tls', 'n2/write-tls']);
    // Before the settings that turn ssl on.
    expect(on.findIndex((s) => s.id === 'n1/write-tls')).toBeLessThan(on.findIndex((s) => s.id === 'n1/set-settings'));
    const debian = { layout: { kind: 'debian' as const, version: 15 } };
    expect(compilePlan(valid(sshExample), debian).steps.some((s) => s.kind === 'write-tls')).toBe(true);
    expect(compilePlan({ ...valid(sshExample), tls: false }, debian).steps.some((s) => s.kind === 'write-tls')).toBe(false);
  });

  it('refuses a tls that is not a boolean, with its path', () => {
    const r = validateTopology({ ...topology({}), tls: 'yes' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: 'tls', message: expect.stringMatching(/true or false|boolean/) });
  });

  it('makes peer lines hostssl (and plain peers rejected), subscriptions verify-full with the CA, ssl on with the files', () => {
    const steps = compilePlan(topology({ tls: true }), observed).steps;
    const hba = steps.find((s) => s.id === 'n1/write-pg-hba')?.params as ParamsOf<'write-pg-hba'>;
    expect(renderHbaBlock(hba.rules).split('\n').slice(1, -1)).toEqual(['hostssl\tapp\tpgcascade_logical\t127.0.0.1/32\tscram-sha-256', 'hostnossl\tapp\tpgcascade_logical\t127.0.0.1/32\treject']);
    const sub = steps.find((s) => s.kind === 'create-subscription');
    expect(JSON.stringify(sub?.commands)).toMatch(/sslmode=''verify-full'' sslrootcert=''\/srv\/pgcascade\/clusters\/c1\/n2\/tls\/ca.crt''/);
    const settings = steps.find((s) => s.id === 'n1/set-settings')?.params as ParamsOf<'set-settings'>;
    expect(settings.settings).toEqual(expect.arrayContaining([['ssl', 'on'], ['ssl_cert_file', '/srv/pgcascade/clusters/c1/n1/tls/server.crt']]));
  });
});

describe('the cluster CA and node certificates as secrets', () => {
  const t = topology({ tls: true });

  it('issues a CA and one certificate per node once; a second call issues nothing', () => {
    const first = tlsSecretsToIssue(t, {});
    expect(Object.keys(first).sort()).toEqual([CA_CERT_SECRET, CA_KEY_SECRET, 'tls_cert_n1', 'tls_cert_n2', 'tls_key_n1', 'tls_key_n2'].sort());
    expect(tlsSecretsToIssue(t, first)).toEqual({});
    expect(tlsSecretsToIssue(topology({}), {})).toEqual({});
  });

  it('renews a certificate near its end, or for another address, and keeps the CA', () => {
    const stored = tlsSecretsToIssue(t, {});
    const renewed = tlsSecretsToIssue(t, stored, new Date(Date.now() + 340 * DAY));
    expect(Object.keys(renewed).sort()).toEqual(['tls_cert_n1', 'tls_cert_n2', 'tls_key_n1', 'tls_key_n2']);
    const moved = { ...stored, tls_cert_n1: issueNodeCertificate({ cert: stored[CA_CERT_SECRET]!, key: stored[CA_KEY_SECRET]! }, 'n1', ['10.0.0.1']).cert };
    expect(Object.keys(tlsSecretsToIssue(t, moved)).sort()).toEqual(['tls_cert_n1', 'tls_key_n1']);
  });
});

describe('the write-tls diff', () => {
  const t = topology({ tls: true });
  const secrets = tlsSecretsToIssue(t, {});
  const step = compilePlan(t, observed).steps.find((s) => s.id === 'n1/write-tls')!;
  const p = step.params as ParamsOf<'write-tls'>;
  const live = { cert: secrets.tls_cert_n1!, key: secrets.tls_key_n1!, ca: secrets[CA_CERT_SECRET]!, running: true };

  it('finds nothing when the files are the issued ones, and writes them (then reloads) when missing', () => {
    expect(tls.diff(p, live, secrets)).toBeNull();
    const missing = tls.diff(p, { cert: null, key: null, ca: null, running: false }, secrets);
    expect(missing).toMatchObject({ action: 'create', planned: true, commands: [] });
    expect(step.commands.map((c) => (c.type === 'file' ? `${c.path} ${c.mode.toString(8)}` : c.type))).toEqual(['shell', 'shell', '/srv/pgcascade/clusters/c1/n1/tls/ca.crt 644', '/srv/pgcascade/clusters/c1/n1/tls/server.crt 644', '/srv/pgcascade/clusters/c1/n1/tls/server.key 600']);
  });

  it('replaces a certificate of another CA or for other names, and says so without showing a key', () => {
    const foreign = issueNodeCertificate(createCa('x'), 'n1', ['127.0.0.1', 'localhost']);
    const change = tls.diff(p, { ...live, ...foreign }, secrets);
    expect(change).toMatchObject({ action: 'change', reason: expect.stringMatching(/not signed by the cluster's CA/) });
    expect(change?.commands).toEqual([{ type: 'sql', database: 'postgres', sql: 'SELECT pg_reload_conf()' }]);
    expect(JSON.stringify(change)).not.toContain('PRIVATE KEY');
    const other = issueNodeCertificate({ cert: secrets[CA_CERT_SECRET]!, key: secrets[CA_KEY_SECRET]! }, 'n1', ['localhost']);
    expect(tls.diff(p, { ...live, ...other }, secrets)?.reason).toMatch(/it is for localhost, not 127\.0\.0\.1/);
  });

  it('sees a renewed certificate as a change to write', () => {
    const renewed = { ...secrets, ...tlsSecretsToIssue(t, secrets, new Date(Date.now() + 340 * DAY)) };
    expect(tls.diff(p, live, renewed)?.reason).toMatch(/not the one pgcascade issued last/);
  });
});
