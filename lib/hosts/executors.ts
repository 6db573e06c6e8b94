import 'server-only';
import type { Topology } from '@/lib/topology/schema';
import type { Db } from '@/lib/db/client';
import { getCredential } from '@/lib/db/repositories/credentials';
import { hostKeyStore } from '@/lib/db/repositories/host-keys';
import { sshSecretsOf } from '@/lib/clusters/ssh-secrets';
import { masker } from '@/lib/secrets/mask';
import type { Executor } from './executor';
import { LocalExecutor } from './local-executor';
import { SshExecutor, type SshTarget } from './ssh-executor';

/** How to log in to each SSH node: the topology's user and port, secrets from the cluster or a stored credential. */
export async function sshTargets(db: Db, t: Topology, secrets: Readonly<Record<string, string>>): Promise<Record<string, SshTarget>> {
  const targets: Record<string, SshTarget> = {};
  for (const node of t.nodes) {
    if (!node.ssh) continue;
    const stored = node.ssh.credentialId ? await getCredential(db, node.ssh.credentialId) : null;
    if (node.ssh.credentialId && !stored) throw new Error(`credential ${node.ssh.credentialId} for ${node.name} does not exist`);
    // The node's own user wins over the credential's; the node's own secrets over the credential's.
    const { username: storedUser, ...storedSecrets } = stored ?? { username: undefined };
    targets[node.name] = {
      node: node.name,
      host: node.address ?? '',
      port: node.ssh.port ?? 22,
      username: node.ssh.user ?? storedUser ?? 'root',
      ...storedSecrets,
      ...sshSecretsOf(secrets, node.name),
    };
  }
  return targets;
}

/**
 * The mask for everything a cluster's jobs and reads print: the cluster's own secrets and the secrets of the
 * stored credentials its nodes log in with (a sudo password from a credential is as secret as a generated one).
 */
export async function clusterMask(db: Db, t: Topology, secrets: Readonly<Record<string, string>>): Promise<(text: string) => string> {
  const values = Object.values(secrets);
  for (const id of new Set(t.nodes.flatMap((n) => (n.ssh?.credentialId ? [n.ssh.credentialId] : [])))) {
    const stored = await getCredential(db, id);
    if (stored) values.push(...[stored.privateKey, stored.passphrase, stored.password, stored.sudoPassword].filter((v): v is string => !!v));
  }
  return masker(values);
}

/** Builds its executor on first use: a VM's SSH host may be known only once its machine step ran. */
class LazyExecutor implements Executor {
  private made: Executor | null = null;
  constructor(private readonly make: () => Executor) {}
  private get e(): Executor {
    this.made ??= this.make();
    return this.made;
  }
  run: Executor['run'] = (argv, options) => this.e.run(argv, options);
  readFile: Executor['readFile'] = (path, options) => this.e.readFile(path, options);
  writeFile: Executor['writeFile'] = (path, content, options) => this.e.writeFile(path, content, options);
  openTunnel: Executor['openTunnel'] = (port) => this.e.openTunnel(port);
  close = async () => {
    await this.made?.close();
  };
}

/**
 * A factory of executors for a cluster's nodes: this machine for local clusters (and `*`), SSH otherwise.
 * `sshHosts`: where to log in when it is not the node's address (a VM's public address, learnt during the job).
 */
export async function executorFactory(db: Db, t: Topology, secrets: Readonly<Record<string, string>>, mask: (text: string) => string, sshHosts?: ReadonlyMap<string, string>): Promise<(node: string) => Executor> {
  if (t.provider === 'local') {
    const local = new LocalExecutor(mask);
    return () => local;
  }
  const targets = await sshTargets(db, t, secrets);
  const keys = hostKeyStore(db);
  return (node) => {
    const target = targets[node];
    if (!target) return new LocalExecutor(mask);
    return sshHosts ? new LazyExecutor(() => new SshExecutor({ ...target, host: sshHosts.get(node) ?? target.host }, keys, { mask })) : new SshExecutor(target, keys, { mask });
  };
}
