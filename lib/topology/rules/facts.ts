import type { LooseTopology } from '../loose';
import type { ValidationIssue } from '../schema';

/** Lookups shared by the rules, built once from the well-typed parts of the input. */
export interface Facts {
  /** Node names in input order, without duplicates. */
  nodeNames: Set<string>;
  tableNames: Set<string>;
  /** Standby node → upstream, from the first standby entry naming that node. */
  upstreamOf: Map<string, string>;
  /** Every node named in a standby entry, even if its upstream is missing. */
  standbyNodes: Set<string>;
  /** Publisher node → publication name → tables it publishes. */
  publications: Map<string, Map<string, Set<string>>>;
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const created = make();
  map.set(key, created);
  return created;
}

export function collectFacts(t: LooseTopology): Facts {
  const facts: Facts = {
    nodeNames: new Set(),
    tableNames: new Set(),
    upstreamOf: new Map(),
    standbyNodes: new Set(),
    publications: new Map(),
  };
  for (const node of t.nodes) if (node.name !== undefined) facts.nodeNames.add(node.name);
  for (const table of t.tables) if (table.name !== undefined) facts.tableNames.add(table.name);
  for (const standby of t.standbys) {
    if (standby.node === undefined) continue;
    facts.standbyNodes.add(standby.node);
    if (standby.upstream !== undefined && !facts.upstreamOf.has(standby.node))
      facts.upstreamOf.set(standby.node, standby.upstream);
  }
  for (const pub of t.publications) {
    if (pub.node === undefined || pub.name === undefined) continue;
    const byName = getOrSet(facts.publications, pub.node, () => new Map<string, Set<string>>());
    const tables = getOrSet(byName, pub.name, () => new Set<string>());
    for (const table of pub.tables) tables.add(table.value);
  }
  return facts;
}

/** One rule group: reads the loose input and returns every problem it finds. */
export type Rule = (t: LooseTopology, facts: Facts) => ValidationIssue[];
