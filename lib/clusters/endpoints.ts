import 'server-only';
import type { Topology } from '@/lib/topology/schema';
import { getDb } from '@/lib/db/client';
import { loadSecrets } from '@/lib/db/repositories/secrets';
import { clusterMask, executorFactory } from '@/lib/hosts/executors';
import type { Executor, Tunnel } from '@/lib/hosts/executor';
import { loginRole, MONITOR_ROLE } from '@/lib/postgres/roles';

const IDLE_MS = 5 * 60_000;

interface Entry {
  executor: Executor;
  tunnel: Promise<Tunnel>;
  timer: NodeJS.Timeout;
}

// One SSH connection and tunnel per node, reused by the panel's reads and closed after 5 idle minutes.
const g = globalThis as unknown as { __pgcascadeEndpoints?: Map<string, Entry> };
const entries = (g.__pgcascadeEndpoints ??= new Map());

function drop(key: string) {
  const entry = entries.get(key);
  entries.delete(key);
  if (entry) void entry.executor.close().catch(() => undefined);
}

/** How the panel reaches one cluster's databases: address, role and password. */
export interface NodeAccess {
  user: string;
  password: string;
  mask: (text: string) => string;
  endpoint(node: string): Promise<{ host: string; port: number }>;
  /** Forget a node's connection after an error, so the next call reconnects. */
  reset(node: string): void;
}

/** How the panel reaches a cluster's nodes: as its superuser, or (`as: 'monitor'`) as the sampler's monitoring role (replication statistics, no settings). */
export async function nodeAccess(clusterId: string, t: Topology, as: 'superuser' | 'monitor' = 'superuser'): Promise<NodeAccess> {
  const db = await getDb();
  const secrets = await loadSecrets(db, clusterId);
  const mask = await clusterMask(db, t, secrets);
  const base = as === 'monitor' && secrets.monitor_password ? { user: MONITOR_ROLE, password: secrets.monitor_password, mask } : { user: loginRole(t), password: secrets.superuser_password ?? '', mask };
  const port = (node: string) => t.nodes.find((n) => n.name === node)?.port ?? 5432;
  if (t.provider === 'local') {
    return { ...base, endpoint: async (node) => ({ host: '127.0.0.1', port: port(node) }), reset: () => undefined };
  }
  const factory = await executorFactory(db, t, secrets, mask);
  return {
    ...base,
    async endpoint(node) {
      const key = `${clusterId}/${node}`;
      let entry = entries.get(key);
      if (!entry) {
        const executor = factory(node);
        const created: Entry = { executor, tunnel: executor.openTunnel(port(node)), timer: setTimeout(() => drop(key), IDLE_MS) };
        created.tunnel.catch(() => drop(key));
        entries.set(key, created);
        entry = created;
      }
      entry.timer.refresh();
      const tunnel = await entry.tunnel;
      return { host: tunnel.host, port: tunnel.port };
    },
    reset: (node) => drop(`${clusterId}/${node}`),
  };
}

/** Close every cached connection of a cluster (after destroy). */
export function closeEndpoints(clusterId: string): void {
  for (const key of [...entries.keys()]) if (key.startsWith(`${clusterId}/`)) drop(key);
}
