import type { Topology } from '@/lib/topology/schema';
import { MASK } from '@/lib/plan/secret-placeholders';

const SSH_SECRETS = ['privateKey', 'password', 'passphrase', 'sudoPassword'] as const;

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
