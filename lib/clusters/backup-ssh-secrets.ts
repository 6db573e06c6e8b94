import 'server-only';
// ssh2 is CommonJS: Node's ESM loader (the worker) sees no named `utils` export, only the default.
import ssh2 from 'ssh2';
import type { Db } from '@/lib/db/client';
import { getHostKey } from '@/lib/db/repositories/host-keys';
import { upsertSecrets } from '@/lib/db/repositories/secrets';
import { scanHostKey } from '@/lib/hosts/host-key-scan';
import { fingerprintOf, knownHostsName } from '@/lib/hosts/host-keys';
import { knownHostsSecretOf, sshBackups, sshKeySecretOf, sshPubSecretOf } from '@/lib/objects/pgbackrest-ssh';
import { nodeAddress } from '@/lib/plan/derive/node-facts';
import { sshPeersOf, sshPortOf } from '@/lib/plan/derive/pgbackrest';
import type { Topology } from '@/lib/topology/schema';

/**
 * A known_hosts line for a host whose key a person accepted in the panel: the key is read from the host and kept
 * only when its fingerprint is the accepted one, so pgBackRest trusts exactly what the panel trusts. Null when the
 * host has no accepted key (pre-flight says so) or presents another one now.
 */
async function pinnedLine(db: Db, host: string, port: number): Promise<string | null> {
  const accepted = await getHostKey(db, host, port);
  if (!accepted) return null;
  const seen = await scanHostKey(host, port, 10_000, accepted.keyType ?? undefined).catch(() => null);
  if (!seen || seen.fingerprint !== accepted.fingerprint || !seen.keyType) return null;
  return `${knownHostsName(host, port)} ${seen.keyType} ${seen.publicKey}`;
}

/**
 * Before a plan runs, for each backup whose pgBackRest reaches another host over SSH: its key pair (made once, sealed
 * like every secret; the private key never leaves the panel but to the backup node's ~postgres/.ssh), and the
 * known_hosts lines of the hosts it reaches, from the panel's pinned keys (refreshed when a pin changed).
 * Returns the names it stored.
 */
export async function ensureBackupSshSecrets(db: Db, clusterId: string, t: Topology, stored: Readonly<Record<string, string>>): Promise<string[]> {
  const out: Record<string, string> = {};
  for (const b of sshBackups(t)) {
    if (!stored[sshKeySecretOf(b.node)] || !stored[sshPubSecretOf(b.node)]) {
      const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `pgcascade-pgbackrest-${b.node}` });
      out[sshKeySecretOf(b.node)] = pair.private.endsWith('\n') ? pair.private : `${pair.private}\n`;
      out[sshPubSecretOf(b.node)] = pair.public.trim();
    }
    const lines: string[] = [];
    for (const peer of sshPeersOf(t, b)) {
      const host = nodeAddress(t, peer);
      const port = sshPortOf(t, peer);
      const known = stored[knownHostsSecretOf(b.node)]?.split('\n').find((l) => l.startsWith(`${knownHostsName(host, port)} `));
      // A stored line stays while its key is still the accepted one; otherwise read it again.
      const accepted = await getHostKey(db, host, port);
      const line = known && accepted && lineMatches(known, accepted.fingerprint) ? known : await pinnedLine(db, host, port);
      if (line) lines.push(line);
    }
    const text = lines.length === sshPeersOf(t, b).length ? `${lines.join('\n')}\n` : null;
    if (text && text !== stored[knownHostsSecretOf(b.node)]) out[knownHostsSecretOf(b.node)] = text;
  }
  if (Object.keys(out).length > 0) await upsertSecrets(db, clusterId, out);
  return Object.keys(out);
}

function lineMatches(line: string, fingerprint: string): boolean {
  const key = line.split(' ')[2];
  return !!key && fingerprintOf(Buffer.from(key, 'base64')) === fingerprint;
}
