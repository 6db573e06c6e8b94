import { describe, expect, it } from 'vitest';
import { healthyFourNode as healthy, node } from './fixtures/four-node-snapshot';
import { diagnoseSnapshot } from './live';

describe('live diagnosis: nodes and standbys', () => {
  it('finds nothing wrong in a healthy cluster', () => {
    expect(diagnoseSnapshot(healthy())).toEqual([]);
  });

  it("explains a node that is down, and why the panel can't connect", () => {
    const s = healthy();
    s.nodes[3] = node('vm4', { up: false, error: 'connect ECONNREFUSED 10.0.0.4:5432', inRecovery: null });
    s.edges[2] = { ...s.edges[2]!, healthy: false, reason: 'vm4 is down' };
    const ids = diagnoseSnapshot(s, { logFile: (n) => `/srv/pgc/${n}/postgresql.log` });
    expect(ids.map((d) => `${d.id} ${d.node}`)).toEqual(['node-down vm4', 'connection-refused vm4']);
    expect(ids[0]!.meaning).toContain('Replication stops on vm3 → vm4');
    expect(ids[0]!.fix[1]).toContain('`sudo tail -n 50 /srv/pgc/vm4/postgresql.log`');
  });
});
