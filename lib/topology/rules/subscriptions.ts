import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, listOf, oneOf, show } from './format';

const ORIGIN_NONE_SINCE = 16;

/** Subscriptions must join known, distinct nodes, name real publications, and not share slots. */
export const checkSubscriptions: Rule = (t, facts) => {
  const issues: ValidationIssue[] = [];
  const firstByNodeAndName = new Map<string, number>();
  const firstByPublisherAndName = new Map<string, { at: number; node: string }>();
  const firstReceipt = new Map<string, number>();

  for (const sub of t.subscriptions) {
    const { node, publisher, name } = sub;
    if (node !== undefined) {
      if (!facts.nodeNames.has(node)) {
        issues.push(
          issue(
            ['subscriptions', sub.at, 'node'],
            `there is no node named ${show(node)}; ${oneOf(facts.nodeNames, 'add it under nodes')}`,
          ),
        );
      } else if (facts.standbyNodes.has(node)) {
        issues.push(
          issue(
            ['subscriptions', sub.at, 'node'],
            `${show(node)} is a standby, and a standby is read-only: it receives everything from its upstream and cannot subscribe; subscribe on a primary node`,
          ),
        );
      }
    }
    if (publisher !== undefined) {
      if (!facts.nodeNames.has(publisher)) {
        issues.push(
          issue(
            ['subscriptions', sub.at, 'publisher'],
            `there is no node named ${show(publisher)}; ${oneOf(facts.nodeNames, 'add it under nodes')}`,
          ),
        );
      } else if (publisher === node) {
        issues.push(
          issue(
            ['subscriptions', sub.at, 'publisher'],
            `${show(node)} cannot subscribe to itself; choose another publisher`,
          ),
        );
      }
    }

    if (node !== undefined && name !== undefined) {
      const key = `${node}\u0000${name}`;
      const first = firstByNodeAndName.get(key);
      if (first === undefined) firstByNodeAndName.set(key, sub.at);
      else
        issues.push(
          issue(
            ['subscriptions', sub.at, 'name'],
            `${show(node)} already has a subscription named ${show(name)} (subscriptions.${first}); give each subscription on a node its own name`,
          ),
        );
    }
    if (node !== undefined && publisher !== undefined && name !== undefined) {
      const key = `${publisher}\u0000${name}`;
      const first = firstByPublisherAndName.get(key);
      if (first === undefined) firstByPublisherAndName.set(key, { at: sub.at, node });
      else if (first.node !== node) {
        issues.push(
          issue(
            ['subscriptions', sub.at, 'name'],
            `subscriptions.${first.at} on ${show(first.node)} also subscribes to ${show(publisher)} as ${show(name)}, and they would share one replication slot on ${show(publisher)}: subscription names become slot names on the publisher; rename one`,
          ),
        );
      }
    }

    const published = publisher === undefined ? undefined : facts.publications.get(publisher);
    for (const pub of sub.publications) {
      const path = ['subscriptions', sub.at, 'publications', pub.at];
      if (publisher !== undefined && facts.nodeNames.has(publisher) && !published?.has(pub.value)) {
        const offer =
          published && published.size > 0
            ? `${show(publisher)} publishes ${listOf(published.keys())}`
            : `${show(publisher)} has no publications yet; add one under publications`;
        issues.push(issue(path, `${show(publisher)} has no publication named ${show(pub.value)}; ${offer}`));
        continue;
      }
      if (node === undefined || publisher === undefined) continue;
      const key = `${node}\u0000${publisher}\u0000${pub.value}`;
      const first = firstReceipt.get(key);
      if (first === undefined) firstReceipt.set(key, sub.at);
      else if (first === sub.at)
        issues.push(
          issue(path, `publication ${show(pub.value)} is listed twice in this subscription; list it once`),
        );
      else
        issues.push(
          issue(
            path,
            `${show(node)} already receives ${show(pub.value)} from ${show(publisher)} through subscriptions.${first}; subscribe to each publication once`,
          ),
        );
    }

    if (sub.origin === 'none' && t.postgresVersion !== undefined && t.postgresVersion < ORIGIN_NONE_SINCE) {
      issues.push(
        issue(
          ['subscriptions', sub.at, 'origin'],
          `origin = none needs PostgreSQL ${ORIGIN_NONE_SINCE} or newer, and this cluster uses PostgreSQL ${t.postgresVersion}; remove origin or raise postgresVersion`,
        ),
      );
    }
  }
  return issues;
};
