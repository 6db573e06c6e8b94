import { tlsEnabled, type Topology } from '@/lib/topology/schema';
import type { HbaRule } from '@/lib/postgres/pg-hba';
import { ADMIN_ROLE, LOGICAL_ROLE, MONITOR_ROLE, PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { nodeAddress } from './node-facts';

/**
 * One scram-sha-256 rule per peer that must connect to `node`: subscribers to its database, standbys to
 * replication (and to `postgres` to fetch archived WAL). On SSH hosts also the panel's own role, from localhost.
 */
export function deriveAccessRules(t: Topology, node: string, withAdmin = false): HbaRule[] {
  const rules: HbaRule[] = [];
  // Peers over TLS only; the panel's own lines stay `host` (it comes over its SSH tunnel, from localhost).
  const ssl = tlsEnabled(t) ? { ssl: true } : {};
  if (withAdmin) {
    rules.push({ database: 'all', user: ADMIN_ROLE, address: '127.0.0.1', method: 'scram-sha-256' });
    rules.push({ database: t.database, user: MONITOR_ROLE, address: '127.0.0.1', method: 'scram-sha-256' });
  }
  for (const sub of t.subscriptions.filter((s) => s.publisher === node)) {
    rules.push({ database: t.database, user: LOGICAL_ROLE, address: nodeAddress(t, sub.node), method: 'scram-sha-256', ...ssl });
  }
  for (const standby of t.standbys.filter((s) => s.upstream === node)) {
    rules.push({ database: 'replication', user: PHYSICAL_ROLE, address: nodeAddress(t, standby.node), method: 'scram-sha-256', ...ssl });
    if (standby.walArchive && t.provider === 'ssh') rules.push({ database: 'postgres', user: PHYSICAL_ROLE, address: nodeAddress(t, standby.node), method: 'scram-sha-256', ...ssl });
  }
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.database} ${r.user} ${r.address}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
