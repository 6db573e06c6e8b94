import { describe, expect, it } from 'vitest';
import { splitSshSecrets, sshSecretsOf } from './ssh-secrets';
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
