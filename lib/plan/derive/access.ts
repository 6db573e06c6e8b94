import type { Topology } from '@/lib/topology/schema';
import type { HbaRule } from '@/lib/postgres/pg-hba';
import { LOGICAL_ROLE, PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { nodeAddress } from './node-facts';

/** One scram-sha-256 rule per peer that must connect to `node`: subscribers to its database, standbys to replication. */
export function deriveAccessRules(t: Topology, node: string): HbaRule[] {
  const rules: HbaRule[] = [];
  for (const sub of t.subscriptions.filter((s) => s.publisher === node)) {
    rules.push({ database: t.database, user: LOGICAL_ROLE, address: nodeAddress(t, sub.node), method: 'scram-sha-256' });
  }
  for (const standby of t.standbys.filter((s) => s.upstream === node)) {
    rules.push({ database: 'replication', user: PHYSICAL_ROLE, address: nodeAddress(t, standby.node), method: 'scram-sha-256' });
  }
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = `${r.database} ${r.user} ${r.address}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
