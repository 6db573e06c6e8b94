import 'server-only';
import { getDb } from '@/lib/db/client';
import { loadSecrets, upsertSecrets } from '@/lib/db/repositories/secrets';
import { tlsSecretsToIssue } from '@/lib/objects/tls';
import type { Topology } from '@/lib/topology/schema';
import { ensureBackupSshSecrets } from './backup-ssh-secrets';

/**
 * Before a plan runs: the cluster's CA (its key sealed like every secret) and a current certificate for each node,
 * issued or renewed here so that the job only writes them; and pgBackRest's SSH keys between hosts (see
 * backup-ssh-secrets.ts). Returns the names it stored.
 */
export async function ensureTlsSecrets(clusterId: string, t: Topology): Promise<string[]> {
  const db = await getDb();
  const stored = await loadSecrets(db, clusterId);
  const issued = tlsSecretsToIssue(t, stored);
  if (Object.keys(issued).length > 0) await upsertSecrets(db, clusterId, issued);
  return [...Object.keys(issued), ...(await ensureBackupSshSecrets(db, clusterId, t, stored))];
}
