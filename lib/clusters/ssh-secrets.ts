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

/** The SSH secrets of one node, from the cluster's secrets. */
export function sshSecretsOf(secrets: Readonly<Record<string, string>>, node: string): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const value = secrets[secretName(node, field)];
    if (value !== undefined) out[field] = value;
  }
  return out;
}
