import type { Backup, Topology } from '@/lib/topology/schema';
import { HBA_BEGIN, HBA_END } from '@/lib/postgres/pg-hba';
import { backupsOf, PGBACKREST_SSH, sshPeersOf, sshWrapper } from '@/lib/plan/derive/pgbackrest';
import { nodeAddress } from '@/lib/plan/derive/node-facts';
import type { Command, Step } from '@/lib/plan/types';
import { objectModule, type Change, type ParamsOf } from './object';

/** The backup node's SSH key pair (OpenSSH format) and the known_hosts lines of the hosts it reaches. */
export const sshKeySecretOf = (node: string) => `pgbackrest_ssh_key_${node}`;
export const sshPubSecretOf = (node: string) => `pgbackrest_ssh_pub_${node}`;
export const knownHostsSecretOf = (node: string) => `pgbackrest_known_hosts_${node}`;
const ref = (name: string) => `{{secret:${name}}}`;

/** The backups whose pgBackRest reaches other hosts over SSH. */
export function sshBackups(t: Topology): Backup[] {
  return backupsOf(t).filter((b) => sshPeersOf(t, b).length > 0);
}

const ownedDir = (dir: string): Command => ({ type: 'shell', argv: ['install', '-d', '-o', 'postgres', '-g', 'postgres', '-m', '0700', dir], asPostgres: false });

/** On the backup node: its private key, the pinned keys of the hosts it reaches, the cmd-ssh wrapper. */
export function pgbackrestSshStep(t: Topology, backup: Backup): Step {
  const f = PGBACKREST_SSH;
  const peers = sshPeersOf(t, backup);
  const params: ParamsOf<'write-pgbackrest-ssh'> = {
    kind: 'write-pgbackrest-ssh',
    keyFile: f.keyFile,
    knownHostsFile: f.knownHostsFile,
    wrapperFile: f.wrapperFile,
    wrapper: sshWrapper(t),
    keySecret: sshKeySecretOf(backup.node),
    knownHostsSecret: knownHostsSecretOf(backup.node),
    peers,
  };
  return {
    id: `${backup.node}/write-pgbackrest-ssh`,
    node: backup.node,
    kind: 'write-pgbackrest-ssh',
    summary: `Give ${backup.node}'s pgBackRest its SSH key and the accepted host keys of ${peers.join(', ')} (${f.dir})`,
    commands: [
      ownedDir(f.dir),
      // The key never appears in a plan or a log: the file is filled from the sealed secret when it is written.
      { type: 'file', path: f.keyFile, content: ref(params.keySecret), mode: 0o600, asPostgres: true },
      { type: 'file', path: f.knownHostsFile, content: ref(params.knownHostsSecret), mode: 0o644, asPostgres: true },
      { type: 'shell', argv: ['install', '-d', '-m', '0755', '/etc/pgbackrest'], asPostgres: false },
      { type: 'file', path: f.wrapperFile, content: params.wrapper, mode: 0o755, asPostgres: false },
    ],
    params,
  };
}

/** The authorized_keys lines of the backup nodes that reach `peer`: pgBackRest's remote only, from one address. */
export function authorizedLines(p: ParamsOf<'authorize-pgbackrest-ssh'>, secrets: Readonly<Record<string, string>>): string[] | null {
  const lines: string[] = [];
  for (const k of p.keys) {
    const pub = secrets[k.pubSecret];
    if (!pub) return null;
    lines.push(`restrict,from="${k.from}" ${pub}`);
  }
  return lines;
}

/** On each host the backup nodes reach: their public keys in the postgres user's authorized_keys (a marked block). */
export function authorizePgbackrestSshSteps(t: Topology): Step[] {
  const byPeer = new Map<string, ParamsOf<'authorize-pgbackrest-ssh'>['keys']>();
  for (const b of sshBackups(t)) for (const peer of sshPeersOf(t, b)) byPeer.set(peer, [...(byPeer.get(peer) ?? []), { node: b.node, from: nodeAddress(t, b.node), pubSecret: sshPubSecretOf(b.node) }]);
  return [...byPeer].map(([peer, keys]) => {
    const file = PGBACKREST_SSH.authorizedKeys;
    const block = [HBA_BEGIN, ...keys.map((k) => `restrict,from="${k.from}" ${ref(k.pubSecret)}`), HBA_END].join('\n');
    return {
      id: `${peer}/authorize-pgbackrest-ssh`,
      node: peer,
      kind: 'authorize-pgbackrest-ssh',
      summary: `Let pgBackRest on ${keys.map((k) => k.node).join(', ')} log in to ${peer} as postgres with its key (${file}, from ${keys.map((k) => k.from).join(', ')} only)`,
      commands: [
        ownedDir(PGBACKREST_SSH.dir),
        { type: 'shell', argv: ['sh', '-c', `test -e ${file} || install -m 0600 /dev/null ${file}`], asPostgres: true },
        { type: 'managed-block', path: file, block, asPostgres: true },
      ],
      params: { kind: 'authorize-pgbackrest-ssh', file, keys },
    };
  });
}

interface LiveClient {
  key: string | null;
  knownHosts: string | null;
  wrapper: string | null;
}

export const pgbackrestSsh = objectModule<'write-pgbackrest-ssh', LiveClient>({
  kind: 'write-pgbackrest-ssh',
  async read(io, p) {
    const [key, knownHosts, wrapper] = await Promise.all([io.readFile(p.keyFile), io.readFile(p.knownHostsFile), io.readFile(p.wrapperFile)]);
    return { key, knownHosts, wrapper };
  },
  diff(p, live, secrets): Change | null {
    const key = secrets[p.keySecret];
    const known = secrets[p.knownHostsSecret];
    if (!key) return { action: 'create', reason: `no SSH key for pgBackRest is stored yet: apply the topology again (pgcascade makes one)`, commands: [] };
    if (!known) return { action: 'create', reason: `the SSH host key of ${p.peers.join(', ')} is not known: accept it in Settings → Hosts (the panel pins it for pgBackRest too), then apply again`, commands: [] };
    const reasons: string[] = [];
    if (live.key === null) reasons.push(`${p.keyFile} is missing`);
    else if (live.key !== key) reasons.push(`${p.keyFile} is not pgcascade's key`);
    if (live.knownHosts === null) reasons.push(`${p.knownHostsFile} is missing`);
    else if (live.knownHosts !== known) reasons.push(`${p.knownHostsFile} does not hold the accepted host keys of ${p.peers.join(', ')}`);
    if (live.wrapper !== p.wrapper) reasons.push(`${p.wrapperFile} ${live.wrapper === null ? 'is missing' : 'differs from what pgcascade writes'}`);
    if (reasons.length === 0) return null;
    // Never the key itself in expected/actual (drift shows them).
    return { action: live.key === null ? 'create' : 'change', reason: `pgBackRest's SSH: ${reasons.join('; ')}`, commands: [], planned: true };
  },
});

/** The lines between pgcascade's markers, or null when the file or the block is missing. */
function blockOf(text: string | null): string[] | null {
  if (text === null) return null;
  const lines = text.split('\n');
  const begin = lines.indexOf(HBA_BEGIN);
  const end = lines.indexOf(HBA_END);
  return begin >= 0 && end > begin ? lines.slice(begin + 1, end) : null;
}

export const pgbackrestAuthorize = objectModule<'authorize-pgbackrest-ssh', { file: string | null }>({
  kind: 'authorize-pgbackrest-ssh',
  async read(io, p) {
    return { file: await io.readFile(p.file) };
  },
  diff(p, live, secrets): Change | null {
    const wanted = authorizedLines(p, secrets);
    const nodes = p.keys.map((k) => k.node).join(', ');
    if (!wanted) return { action: 'create', reason: `no SSH key of ${nodes}'s pgBackRest is stored yet: apply the topology again (pgcascade makes one)`, commands: [] };
    const block = blockOf(live.file);
    if (block !== null && block.join('\n') === wanted.join('\n')) return null;
    const reason = live.file === null ? `${p.file} is missing` : block === null ? `${p.file} has no key of ${nodes}` : `${p.file} holds other keys for ${nodes} than pgcascade's`;
    return { action: block === null ? 'create' : 'change', reason: `pgBackRest's SSH: ${reason}`, commands: [], planned: true };
  },
});
