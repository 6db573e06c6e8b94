import { describe, expect, it } from 'vitest';
import { nodeClientConfig } from './node-connection';

describe('a node connection', () => {
  it('pins search_path to pg_catalog, public on every session, walsender ones too', () => {
    const endpoint = { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'x' };
    for (const replication of [false, true]) {
      const config = nodeClientConfig(endpoint, { database: 'app', purpose: 'test', connectTimeoutMs: 1000, replication });
      expect(config.options).toBe('-c search_path=pg_catalog,public');
    }
  });
});
