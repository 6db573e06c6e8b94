import fc from 'fast-check';
import { validateTopology, type Topology } from '@/lib/topology';

/**
 * Random valid local topologies for property tests: each table has one owning node that publishes it, primaries
 * subscribe to other primaries' publications, standbys follow an earlier node (cascades included).
 */
export const arbitraryTopology: fc.Arbitrary<Topology> = fc
  .record({
    count: fc.integer({ min: 1, max: 7 }),
    upstreams: fc.array(fc.integer({ min: -1, max: 6 }), { minLength: 7, maxLength: 7 }),
    owners: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
    wants: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 })), { maxLength: 8 }),
    archive: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
    tls: fc.boolean(),
  })
  .map(({ count, upstreams, owners, wants, archive, tls }) => {
    const names = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    // Node i is a standby of an earlier node when its draw says so; the first node is always a primary.
    const upstreamOf = names.map((_, i) => {
      const u = upstreams[i] ?? -1;
      return i > 0 && u >= 0 && u < i ? u : -1;
    });
    const primaries = names.filter((_, i) => upstreamOf[i] === -1);
    const tables = owners.map((o, i) => ({ name: `t${i + 1}`, owner: primaries[o % primaries.length] as string }));
    const publications = tables.map((t) => ({ node: t.owner, name: `pub_${t.name}`, tables: [t.name] }));
    const subscriptions = new Map<string, { node: string; name: string; publisher: string; publications: string[] }>();
    for (const [who, which] of wants) {
      const node = primaries[who % primaries.length] as string;
      const table = tables[which % tables.length];
      if (!table || table.owner === node) continue;
      const name = `sub_${table.name}_${node}`;
      subscriptions.set(name, { node, name, publisher: table.owner, publications: [`pub_${table.name}`] });
    }
    return {
      name: 'random',
      provider: 'local',
      postgresVersion: 15,
      database: 'app',
      tables: tables.map((t) => ({ name: t.name, columns: [{ name: 'id', type: 'bigint', primaryKey: true }] })),
      nodes: names.map((name, i) => ({ name, port: 56000 + i })),
      publications,
      subscriptions: [...subscriptions.values()],
      standbys: names.flatMap((name, i) => (upstreamOf[i] === -1 ? [] : [{ node: name, upstream: names[upstreamOf[i] as number] as string, ...(archive[i] ? { walArchive: true } : {}) }])),
      ...(tls ? { tls: true } : {}),
    };
  })
  .map((input) => {
    const r = validateTopology(input);
    return r.ok ? r.topology : null;
  })
  .filter((t): t is Topology => t !== null);
