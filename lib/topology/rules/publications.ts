import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, oneOf, show } from './format';

/** Publications must sit on a known, writable node and list known tables once. */
export const checkPublications: Rule = (t, facts) => {
  const issues: ValidationIssue[] = [];
  const firstByNodeAndName = new Map<string, number>();

  for (const pub of t.publications) {
    if (pub.node !== undefined) {
      const upstream = facts.upstreamOf.get(pub.node);
      if (!facts.nodeNames.has(pub.node)) {
        issues.push(
          issue(
            ['publications', pub.at, 'node'],
            `there is no node named ${show(pub.node)}; ${oneOf(facts.nodeNames, 'add it under nodes')}`,
          ),
        );
      } else if (facts.standbyNodes.has(pub.node)) {
        const of = upstream === undefined ? '' : ` of ${show(upstream)}`;
        issues.push(
          issue(
            ['publications', pub.at, 'node'],
            `${show(pub.node)} is a standby${of}, and a standby is read-only: it cannot have publications of its own; put this publication on a primary node`,
          ),
        );
      }
    }

    if (pub.node !== undefined && pub.name !== undefined) {
      const key = `${pub.node}\u0000${pub.name}`;
      const first = firstByNodeAndName.get(key);
      if (first === undefined) firstByNodeAndName.set(key, pub.at);
      else
        issues.push(
          issue(
            ['publications', pub.at, 'name'],
            `${show(pub.node)} already has a publication named ${show(pub.name)} (publications.${first}); give each publication on a node its own name`,
          ),
        );
    }

    const seen = new Set<string>();
    for (const table of pub.tables) {
      const path = ['publications', pub.at, 'tables', table.at];
      // `schema.name` names a table that already exists on the publisher: checked there when the plan is made.
      if (!table.value.includes('.') && !facts.tableNames.has(table.value)) {
        issues.push(
          issue(
            path,
            `there is no table named ${show(table.value)}; ${oneOf(facts.tableNames, 'define it under tables')}`,
          ),
        );
      } else if (seen.has(table.value)) {
        issues.push(
          issue(path, `table ${show(table.value)} is listed twice in this publication; list it once`),
        );
      }
      seen.add(table.value);
    }
    for (const key of pub.identityTables) {
      if (!pub.tables.some((x) => x.value === key)) issues.push(issue(['publications', pub.at, 'replicaIdentity', key], `${show(key)} is not among this publication's tables; give the replica identity of a table it publishes`));
    }
  }
  return issues;
};
