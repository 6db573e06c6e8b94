import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '@/lib/db/client';
import { insertCredential } from '@/lib/db/repositories/credentials';
import type { Topology } from '@/lib/topology/schema';
import { clusterMask } from './executors';

process.env.PGCASCADE_SECRET_KEY ??= 'executors-unit-test-key';

describe('clusterMask', () => {
  let db: Db;
  let close: () => Promise<void>;
  // PGlite with every migration: slow on a loaded machine.
  beforeAll(async () => ({ db, close } = await openMemoryDb()), 120_000);
  afterAll(async () => close());

  it('masks the secrets of the stored credentials the nodes log in with, however short, besides the cluster’s own', async () => {
    const keyLine = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMw';
    const id = await insertCredential(db, 'ops key', 'ubuntu', { privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${keyLine}\n-----END OPENSSH PRIVATE KEY-----\n`, sudoPassword: 'pw1' });
    const unused = await insertCredential(db, 'other', 'ubuntu', { password: 'not-used-here' });
    const t = { provider: 'ssh', nodes: [{ name: 'vm1', address: '10.0.0.1', port: 5432, ssh: { credentialId: id } }] } as unknown as Topology;
    const mask = await clusterMask(db, t, { superuser_password: 'generated-0123456789' });
    expect(mask(`sudo pw1; key ${keyLine}; generated-0123456789; not-used-here`)).toBe('sudo ********; key ********; ********; not-used-here');
    expect(unused).not.toBe(id);
  });
});
