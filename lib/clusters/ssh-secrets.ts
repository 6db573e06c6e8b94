import type { Topology } from '@/lib/topology/schema';
import { MASK } from '@/lib/plan/secret-placeholders';

const FIELDS = ['privateKey', 'passphrase', 'password', 'sudoPassword'] as const;
type Field = (typeof FIELDS)[number];

const secretName = (node: string, field: Field) => `ssh:${node}:${field}`;

/**
 * Take SSH keys and passwords out of a topology before it is saved: they go to the encrypted secrets table,
 * the saved topology keeps only users, ports and credential ids. A masked value ("********") means "keep".
 */
export function splitSshSecrets(t: Topology): { topology: Topology; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  const nodes = t.nodes.map((n) => {
    if (!n.ssh) return n;
    const ssh = { ...n.ssh };
    for (const field of FIELDS) {
      const value = ssh[field];
      if (value !== undefined && value !== MASK) secrets[secretName(n.name, field)] = value;
      delete ssh[field];
    }
    return { ...n, ssh };
  });
  return { topology: { ...t, nodes }, secrets };
}

/**
 * The saved topology as the API shows it: each SSH secret the cluster keeps for a node stands as ******** in its
 * field, so the topology a GET answers can be sent back to apply as it is (a masked value means "keep").
 */
export function withKeptSshSecrets(t: Topology, stored: Iterable<string>): Topology {
  const names = new Set(stored);
  return {
    ...t,
    nodes: t.nodes.map((n) => {
      if (!n.ssh) return n;
      const kept = FIELDS.filter((field) => n.ssh?.[field] === undefined && names.has(secretName(n.name, field)));
      return kept.length === 0 ? n : { ...n, ssh: { ...n.ssh, ...Object.fromEntries(kept.map((field) => [field, MASK])) } };
    }),
  };
}

/** The SSH secrets of one node, from the cluster's secrets. */
export function sshSecretsOf(secrets: Readonly<Record<string, string>>, node: string): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const value = secrets[secretName(node, field)];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

export interface SecretMove {
  /** The field to re-enter, e.g. `nodes.1.ssh.password` or `nodes.1.ssh.credentialId`. */
  path: string;
  kind: 'masked' | 'credential';
  node: string;
  from: string | null;
  to: string;
}

// Where SSH goes: the address and the SSH port (another port can be another machine behind a forward).
const hostOf = (n: Topology['nodes'][number]) => `${n.address ?? ''}:${n.ssh?.port ?? 22}`;

/**
 * Stored secrets a changed topology would send to a host they were not given for: a kept value (********) on a
 * node whose address changed (or that is new), or a stored credential on a node whose address changed.
 */
export function secretsSentElsewhere(saved: Topology, next: Topology): SecretMove[] {
  const before = new Map(saved.nodes.map((n) => [n.name, n]));
  const moves: SecretMove[] = [];
  next.nodes.forEach((n, i) => {
    if (!n.ssh) return;
    const prev = before.get(n.name);
    const from = prev?.ssh ? hostOf(prev) : null;
    if (from === hostOf(n)) return;
    for (const field of FIELDS) {
      if (n.ssh[field] === MASK) moves.push({ path: `nodes.${i}.ssh.${field}`, kind: 'masked', node: n.name, from, to: hostOf(n) });
    }
    if (n.ssh.credentialId && prev) moves.push({ path: `nodes.${i}.ssh.credentialId`, kind: 'credential', node: n.name, from, to: hostOf(n) });
  });
  return moves;
}
