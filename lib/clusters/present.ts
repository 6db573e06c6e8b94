import type { Topology } from '@/lib/topology/schema';
import type { ClusterRow } from '@/lib/db/repositories/clusters';
import type { DriftCheck } from '@/lib/db/repositories/drift';
import type { JobRow } from '@/lib/db/repositories/jobs';
import type { NodeStatus } from './live';
import { MASK } from '@/lib/plan/secret-placeholders';

const SSH_SECRETS = ['privateKey', 'password', 'passphrase', 'sudoPassword'] as const;

// The presenters: what each JSON answer holds. The browser's types are Json<ReturnType<…>> of these.

/** The topology as the API shows it: SSH keys and passwords masked. */
export function maskTopology(t: Topology): Topology {
  return {
    ...t,
    nodes: t.nodes.map((n) => {
      if (!n.ssh) return n;
      const ssh = { ...n.ssh };
      for (const k of SSH_SECRETS) if (ssh[k]) ssh[k] = MASK;
      return { ...n, ssh };
    }),
  };
}

/** A job in a cluster's list: what it did and how it ended. */
export function presentJobSummary(j: JobRow) {
  return { id: j.id, kind: j.kind, status: j.status, createdAt: j.createdAt, finishedAt: j.finishedAt, error: j.error };
}

/** A cluster in the list (GET /api/clusters): its nodes' names and its last job. */
export function presentClusterSummary(c: ClusterRow, lastJob: JobRow | undefined) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    provider: c.topology.provider,
    nodes: c.topology.nodes.map((n) => n.name),
    createdAt: c.createdAt,
    lastJob: lastJob ? { id: lastJob.id, kind: lastJob.kind, status: lastJob.status } : null,
  };
}

/** One cluster (GET /api/clusters/:id): its topology with secrets masked, its nodes' live status, its last 20 jobs. */
export function presentCluster(c: ClusterRow, nodes: NodeStatus[], jobs: JobRow[]) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    createdAt: c.createdAt,
    topology: maskTopology(c.topology),
    nodes,
    jobs: jobs.slice(0, 20).map(presentJobSummary),
  };
}

/** The last drift check (`checkedAt` null before the first one). */
export function presentDrift(check: DriftCheck | null) {
  return check ? { checkedAt: check.checkedAt, drift: check.drift, error: check.error } : { checkedAt: null, drift: [], error: null };
}
