import 'server-only';
import { SEQUENCES_SQL, SETVAL_SQL, sequenceLag, sequenceTargets, type SequenceLag, type SequenceValue } from '@/lib/monitor/sequence-lag';
import { isStandby } from '@/lib/topology';
import type { Topology } from '@/lib/topology/schema';
import { nodeAccess, type NodeAccess } from './endpoints';
import { withNode } from './node-client';
import { requireCluster } from './cluster-lookup';

export interface NodeSequences {
  node: string;
  publisher: string;
  sequences: SequenceLag[];
  error?: string;
}

/** Each subscriber and publisher pair of the topology, once. */
function pairs(t: Topology): Array<{ node: string; publisher: string }> {
  const seen = new Set<string>();
  return t.subscriptions.filter((s) => !isStandby(t, s.node)).flatMap((s) => {
    const key = `${s.node}/${s.publisher}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ node: s.node, publisher: s.publisher }];
  });
}

async function read(access: NodeAccess, t: Topology, node: string, publisher: string): Promise<SequenceLag[]> {
  const values = (n: string) => withNode(access, n, t.database, async (c) => (await c.query<SequenceValue & Record<string, unknown>>(SEQUENCES_SQL)).rows);
  const [theirs, mine] = await Promise.all([values(publisher), values(node)]);
  return sequenceLag(theirs, mine);
}

/** Per subscriber, how far each sequence it shares with its publisher is behind. */
export async function sequenceLags(clusterId: string): Promise<NodeSequences[]> {
  const { topology: t } = await requireCluster(clusterId);
  const access = await nodeAccess(clusterId, t);
  return Promise.all(
    pairs(t).map(async (p) => {
      try {
        return { ...p, sequences: await read(access, t, p.node, p.publisher) };
      } catch (err) {
        return { ...p, sequences: [], error: access.mask((err as Error).message) };
      }
    }),
  );
}

/** Bring a subscriber's sequences (or every subscriber's) to the publisher's values plus `margin`; never backwards. */
export async function syncSequences(clusterId: string, options: { node?: string; margin?: number }): Promise<Array<{ node: string; sequence: string; value: number }>> {
  const { topology: t } = await requireCluster(clusterId);
  const access = await nodeAccess(clusterId, t);
  const done: Array<{ node: string; sequence: string; value: number }> = [];
  for (const p of pairs(t).filter((x) => !options.node || x.node === options.node)) {
    const targets = sequenceTargets(await read(access, t, p.node, p.publisher), options.margin ?? 0);
    await withNode(access, p.node, t.database, async (c) => {
      for (const target of targets) await c.query(SETVAL_SQL, [target.schema, target.name, target.value]);
    });
    done.push(...targets.map((x) => ({ node: p.node, sequence: x.sequence, value: x.value })));
  }
  return done;
}
