import { describe, expect, it } from 'vitest';
import { secretsSentElsewhere, splitSshSecrets, sshSecretsOf, withKeptSshSecrets } from './ssh-secrets';
import type { Topology } from '@/lib/topology/schema';

const t = {
  name: 'x', provider: 'ssh', postgresVersion: 15, database: 'db', tables: [], publications: [], subscriptions: [], standbys: [],
  nodes: [
    { name: 'vm1', port: 5432, address: '10.77.0.11', ssh: { user: 'root', privateKey: 'PEM-KEY-TEXT' } },
    { name: 'vm2', port: 5432, address: '10.77.0.12', ssh: { user: 'deploy', password: 'pw-123456', sudoPassword: '********' } },
  ],
} as Topology;

describe('SSH secrets', () => {
  it('leaves no secret in the saved topology and keeps masked values out', () => {
    const { topology, secrets } = splitSshSecrets(t);
    expect(JSON.stringify(topology)).not.toMatch(/PEM-KEY-TEXT|pw-123456|\*\*\*/);
    expect(secrets).toEqual({ 'ssh:vm1:privateKey': 'PEM-KEY-TEXT', 'ssh:vm2:password': 'pw-123456' });
    expect(sshSecretsOf(secrets, 'vm2')).toEqual({ password: 'pw-123456' });
    expect(topology.nodes[1]?.ssh).toEqual({ user: 'deploy' });
  });
});

describe('the saved topology as the API shows it', () => {
  it('marks each kept SSH secret ******** in its field, and adds nothing a node gives itself or does not have', () => {
    const { topology, secrets } = splitSshSecrets(t);
    const shown = withKeptSshSecrets(topology, [...Object.keys(secrets), 'ssh:vm3:privateKey', 'logical_password']);
    expect(shown.nodes.map((n) => n.ssh)).toEqual([
      { user: 'root', privateKey: '********' },
      { user: 'deploy', password: '********' },
    ]);
    expect(withKeptSshSecrets(t, Object.keys(secrets)).nodes[0]?.ssh).toEqual({ user: 'root', privateKey: 'PEM-KEY-TEXT' });
    // Sent back as it is, it keeps what is stored and stores nothing new.
    expect(splitSshSecrets(shown).secrets).toEqual({});
  });
});

describe('stored secrets stay with their host', () => {
  const saved = splitSshSecrets(t).topology;
  const withCredential = { ...saved, nodes: saved.nodes.map((n, i) => (i === 0 ? { ...n, ssh: { user: 'root', credentialId: 'cred-1' } } : n)) } as Topology;
  const move = (base: Topology, i: number, change: Record<string, unknown>, ssh: Record<string, unknown>) =>
    ({ ...base, nodes: base.nodes.map((n, j) => (j === i ? { ...n, ...change, ssh: { ...n.ssh, ...ssh } } : n)) }) as Topology;

  it('lets a kept secret or credential go to the same host', () => {
    expect(secretsSentElsewhere(saved, move(saved, 1, {}, { password: '********' }))).toEqual([]);
    expect(secretsSentElsewhere(withCredential, withCredential)).toEqual([]);
  });

  it('asks again when the address or SSH port changed, or the node is new', () => {
    expect(secretsSentElsewhere(saved, move(saved, 1, { address: '203.0.113.9' }, { password: '********' }))).toEqual([
      { path: 'nodes.1.ssh.password', kind: 'masked', node: 'vm2', from: '10.77.0.12:22', to: '203.0.113.9:22' },
    ]);
    expect(secretsSentElsewhere(withCredential, move(withCredential, 0, {}, { port: 2222 }))).toEqual([
      { path: 'nodes.0.ssh.credentialId', kind: 'credential', node: 'vm1', from: '10.77.0.11:22', to: '10.77.0.11:2222' },
    ]);
    const renamed = move(saved, 1, { name: 'vm9' }, { password: '********' });
    expect(secretsSentElsewhere(saved, renamed).map((m) => m.path)).toEqual(['nodes.1.ssh.password']);
    // A newly typed secret is the user's own choice for the new host.
    expect(secretsSentElsewhere(saved, move(saved, 1, { address: '203.0.113.9' }, { password: 'new-one' }))).toEqual([]);
  });
});
