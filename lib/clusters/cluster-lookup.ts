import 'server-only';
import { getDb } from '@/lib/db/client';
import { getCluster, type ClusterRow } from '@/lib/db/repositories/clusters';

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** A cluster that exists and is not destroyed, or a NotFoundError (404). */
export async function requireCluster(id: string): Promise<ClusterRow> {
  const cluster = await getCluster(await getDb(), id);
  if (!cluster || cluster.status === 'destroyed') throw new NotFoundError(`cluster ${id}`);
  return cluster;
}
