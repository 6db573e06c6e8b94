import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, show } from './format';

/**
 * A physical start (`initialCopy: physical | auto`) clones the publisher into the subscriber's data directory: only
 * for a node pgcascade makes on this machine, and once per node (a node has one data directory to start from).
 */
export const checkInitialCopy: Rule = (t) => {
  const issues: ValidationIssue[] = [];
  const physicalOn = new Map<string, number>();
  for (const sub of t.subscriptions) {
    if (sub.initialCopy === undefined || sub.initialCopy === 'rows') continue;
    const path = ['subscriptions', sub.at, 'initialCopy'];
    if (t.provider !== undefined && t.provider !== 'local') {
      issues.push(issue(path, `initialCopy ${show(sub.initialCopy)} is built for local clusters so far (PostgreSQL 17's pg_createsubscriber is not used either); use "rows" on SSH hosts`));
      continue;
    }
    if (sub.node === undefined) continue;
    if (t.nodes.some((n) => n.name === sub.node && n.adopted)) {
      issues.push(issue(path, `${show(sub.node)} ran before pgcascade: a physical start would replace its data directory; use "rows"`));
      continue;
    }
    const first = physicalOn.get(sub.node);
    if (first !== undefined) {
      issues.push(issue(path, `${show(sub.node)} already starts from a physical copy for subscriptions.${first}; a node starts from one copy: use "rows" here`));
      continue;
    }
    physicalOn.set(sub.node, sub.at);
  }
  return issues;
};
