import 'server-only';
import { getDb } from '@/lib/db/client';
import { loadSecrets, upsertSecrets } from '@/lib/db/repositories/secrets';
import { tlsSecretsToIssue } from '@/lib/objects/tls';
import type { Topology } from '@/lib/topology/schema';

/**
 * Before a plan runs: the cluster's CA (its key sealed like every secret) and a current certificate for each node,
 * issued or renewed here so that the job only writes them. Returns the names it stored.
 */
export async function ensureTlsSecrets(clusterId: string, t: Topology): Promise<string[]> {
  const db = await getDb();
  const issued = tlsSecretsToIssue(t, await loadSecrets(db, clusterId));
  if (Object.keys(issued).length > 0) await upsertSecrets(db, clusterId, issued);
  return Object.keys(issued);
}
