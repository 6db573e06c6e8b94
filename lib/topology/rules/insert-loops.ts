import { shortestPath, stronglyConnected } from '../graph';
import type { LooseSubscription } from '../loose';
import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, show } from './format';

const ORIGIN_NONE_SINCE = 16;

/** One subscription carrying one table from its publisher to its node. */
interface Flow {
  sub: LooseSubscription;
  from: string;
  to: string;
}

/** Per table, the publisher → subscriber flows; self-subscriptions are reported elsewhere. */
function flowsByTable(
  subscriptions: LooseSubscription[],
  publications: Map<string, Map<string, Set<string>>>,
  tables: Set<string>,
): Map<string, Flow[]> {
  const byTable = new Map<string, Flow[]>();
  for (const sub of subscriptions) {
    const { node: to, publisher: from } = sub;
    if (to === undefined || from === undefined || to === from) continue;
    const carried = new Set<string>();
    for (const pub of sub.publications)
      for (const table of publications.get(from)?.get(pub.value) ?? []) carried.add(table);
    for (const table of carried) {
      if (!tables.has(table)) continue; // unknown tables are reported by the publication rule
      const flows = byTable.get(table) ?? [];
      flows.push({ sub, from, to });
      byTable.set(table, flows);
    }
  }
  return byTable;
}

/**
 * A cycle of subscriptions carrying the same table sends every insert back to where it came from.
 * PostgreSQL 16+ breaks the loop when every subscription in it has origin = none.
 */
export const checkInsertLoops: Rule = (t, facts) => {
  const issues: ValidationIssue[] = [];
  const version = t.postgresVersion;
  const hasOriginNone = version === undefined || version >= ORIGIN_NONE_SINCE;

  for (const [table, flows] of flowsByTable(t.subscriptions, facts.publications, facts.tableNames)) {
    const successors = new Map<string, Set<string>>();
    for (const { from, to } of flows) successors.set(from, (successors.get(from) ?? new Set()).add(to));
    const next = (v: string) => successors.get(v) ?? [];

    for (const component of stronglyConnected(successors.keys(), next)) {
      if (component.length < 2) continue;
      const members = new Set(component);
      for (const flow of flows) {
        if (!members.has(flow.from) || !members.has(flow.to)) continue;
        if (hasOriginNone && flow.sub.origin === 'none') continue;
        const back = shortestPath(flow.to, flow.from, next, members) ?? [flow.from];
        const loop = [flow.from, ...back].map(show).join(' → ');
        const fix = hasOriginNone
          ? `set origin: 'none' on this subscription (and on every subscription in the loop) so ${show(flow.to)} only receives changes that originated on ${show(flow.from)}`
          : `PostgreSQL ${version} has no origin = none, so every insert would be replicated back; remove one of these subscriptions, publish ${show(table)} from one node only, or use PostgreSQL 16+ with origin: 'none'`;
        issues.push(issue(['subscriptions', flow.sub.at], `table ${show(table)} would loop ${loop}: ${fix}`));
      }
    }
  }
  return issues;
};
