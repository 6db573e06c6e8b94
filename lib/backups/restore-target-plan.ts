import type { Backup, Topology } from '@/lib/topology/schema';
import { nodeFiles, serviceCommands, type Layout } from '@/lib/plan/layout';
import { stanzaName } from '@/lib/plan/derive/pgbackrest';
import { nodeAddress } from '@/lib/plan/derive/node-facts';
import { superuserFor } from '@/lib/postgres/roles';
import type { Plan, RestoredNode, RestoreTarget } from '@/lib/plan/types';
import { describeTarget, restoreArgv, scratchCluster } from './restore-plan';

/** Where SSH hosts keep restored nodes: beside the scratch clusters, in the postgres user's folder. */
export const DEBIAN_RESTORED_ROOT = '/var/lib/postgresql/pgcascade-restored';

/**
 * A new node restored from the backups: in the cluster's folder on the panel host, on 127.0.0.1 (local clusters),
 * or on the backup node's host where the repository is, on that host's address (SSH).
 */
export function restoredNode(t: Topology, layout: Layout, backup: Backup, name: string, port: number): RestoredNode {
  const base = scratchCluster(layout, name, port);
  const onHost = layout.kind === 'debian';
  const dir = onHost ? `${DEBIAN_RESTORED_ROOT}/${name}` : base.dir;
  const host = nodeAddress(t, backup.node);
  return {
    ...base,
    ...(onHost ? { dir, dataDir: `${dir}/pgdata`, socketDir: `${dir}/run`, logFile: `${dir}/postgresql.log` } : {}),
    name,
    host,
    listen: onHost ? `localhost,${host}` : '127.0.0.1',
    user: t.superuser ?? superuserFor(t.provider),
    database: t.database,
  };
}

/** Restore into a new standalone node, kept running for the user; the topology is not touched. */
export function restoreNodePlan(t: Topology, layout: Layout, backup: Backup, restored: RestoredNode, target: RestoreTarget): Plan {
  return {
    steps: [
      {
        id: `${backup.node}/restore-node/${restored.name}`,
        node: backup.node,
        kind: 'restore-node',
        summary: `Restore ${backup.node}'s backups ${describeTarget(target)} into a new node ${restored.name} at ${restored.host}:${restored.port} (${restored.dir}), not part of the topology`,
        commands: [],
        params: { kind: 'restore-node', stanza: stanzaName(t, backup.node), restored, restoreArgv: restoreArgv(t, layout, backup, restored, target), target },
      },
    ],
  };
}

/** The standbys that follow `node`, directly or through another standby. */
function standbysBelow(t: Topology, node: string): string[] {
  const out: string[] = [];
  const walk = (upstream: string) => {
    for (const s of t.standbys.filter((x) => x.upstream === upstream && !out.includes(x.node))) {
      out.push(s.node);
      walk(s.node);
    }
  };
  walk(node);
  return out;
}

/** What the user must do after the backup node went back in time, one plain sentence each. */
export function afterInPlace(t: Topology, layout: Layout, node: string): string[] {
  const out: string[] = [];
  for (const standby of standbysBelow(t, node)) {
    out.push(
      `${standby} must be re-cloned: it is still on the old timeline, past the point ${node} went back to, and cannot follow it. ` +
        `A re-apply does not re-clone it (its files still say it follows ${node} with the same slot, so the plan finds nothing to change): ` +
        `stop it and move its data directory (${nodeFiles(layout, standby).dataDir}) aside, then re-apply; the apply clones it afresh.`,
    );
  }
  for (const sub of t.subscriptions.filter((s) => s.node === node)) {
    out.push(
      `Subscription ${sub.name} (from ${sub.publisher}) went back with ${node}: its position is the one at the point reached, but ${sub.publisher} ` +
        `already counts the later rows as received (its slot's confirmed position did not move back), so the rows ${sub.publisher} sent after that point are not re-sent. ` +
        `Re-copy the tables it subscribes to if ${node} must have them.`,
    );
  }
  for (const sub of t.subscriptions.filter((s) => s.publisher === node)) {
    out.push(
      `${sub.node}'s subscription ${sub.name} keeps the rows it received from ${node} after the point, and ${node} has none of its replication slots any more ` +
        `(pgBackRest does not back up pg_replslot): the subscription fails until its slot is made again; re-copy its tables to make it match ${node}.`,
    );
  }
  return out;
}

/**
 * Restore the backup node over its own data directory: stop it, `pgbackrest restore --delta` to the target, start,
 * wait until recovery ends and it promoted. Destructive: everything after the point is gone from the node.
 */
export function restoreInPlacePlan(t: Topology, layout: Layout, backup: Backup, target: RestoreTarget): Plan {
  const node = backup.node;
  const files = nodeFiles(layout, node);
  const afterwards = afterInPlace(t, layout, node);
  const keepFiles = [files.mainConf, files.settingsFile, files.hbaFile].filter((f) => f.startsWith(`${files.dataDir}/`));
  return {
    steps: [
      {
        id: `${node}/restore-in-place`,
        node,
        kind: 'restore-in-place',
        summary: `Stop ${node}, restore its own data directory ${describeTarget(target)} (pgbackrest restore --delta), start it and wait until it promoted`,
        commands: [],
        destructive:
          `${node} is stopped and its data directory ${files.dataDir} is rewritten to the backup's point: every change made on ${node} after it is lost` +
          (afterwards.length > 0 ? `; afterwards: ${afterwards.join(' ')}` : ''),
        params: { kind: 'restore-in-place', stanza: stanzaName(t, node), restoreArgv: restoreArgv(t, layout, backup, files, target, 'in-place'), target, dataDir: files.dataDir, service: serviceCommands(layout, node), keepFiles, afterwards },
      },
    ],
  };
}
