import { describe, expect, it } from 'vitest';
import type { Topology } from '@/lib/topology/schema';
import type { Principal } from '@/lib/auth/roles';
import { HttpError } from './http-error';
import { requireSecretsStayWithHosts } from './topology-input';

const saved = {
  name: 'x', provider: 'ssh', postgresVersion: 15, database: 'db', tables: [], publications: [], subscriptions: [], standbys: [],
  nodes: [
    { name: 'vm1', port: 5432, address: '10.77.0.11', ssh: { user: 'root', credentialId: 'cred-1' } },
    { name: 'vm2', port: 5432, address: '10.77.0.12', ssh: { user: 'deploy' } },
  ],
} as Topology;
const as = (role: Principal['role']): Principal => ({ kind: 'user', id: 'u', name: 'u', role });
const statusOf = (f: () => void) => {
  try {
    f();
    return 0;
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
};

describe('a stored secret is only sent to the host it was given for', () => {
  it('asks for a kept password again when the node moved, whoever asks', () => {
    const moved = { ...saved, nodes: [saved.nodes[0]!, { ...saved.nodes[1]!, address: '203.0.113.5', ssh: { user: 'deploy', password: '********' } }] } as Topology;
    expect(statusOf(() => requireSecretsStayWithHosts(saved, moved, as('admin')))).toBe(422);
  });
  it('lets only an admin point a moved node at a stored credential', () => {
    const moved = { ...saved, nodes: [{ ...saved.nodes[0]!, address: '203.0.113.5' }, saved.nodes[1]!] } as Topology;
    expect(statusOf(() => requireSecretsStayWithHosts(saved, moved, as('operator')))).toBe(403);
    expect(statusOf(() => requireSecretsStayWithHosts(saved, moved, as('admin')))).toBe(0);
    expect(statusOf(() => requireSecretsStayWithHosts(saved, saved, as('operator')))).toBe(0);
  });
});
