import { shortestPath, stronglyConnected } from '../graph';
import type { LooseTopology } from '../loose';
import type { ValidationIssue } from '../schema';
import type { Facts, Rule } from './facts';
import { issue, listOf, oneOf, show } from './format';

/** Standbys must follow a known other node, once, without cycles, with their own slot, and stay read-only. */
export const checkStandbys: Rule = (t, facts) => {
  const issues: ValidationIssue[] = [];
  const firstByNode = new Map<string, number>();
  const slotOwners = new Map<string, { at: number; node: string }>();
  const subscriptionSlots = new Map<string, number>();
  for (const sub of t.subscriptions) {
    if (sub.publisher !== undefined && sub.name !== undefined) {
      const key = `${sub.publisher}\u0000${sub.name}`;
      if (!subscriptionSlots.has(key)) subscriptionSlots.set(key, sub.at);
    }
  }

  for (const standby of t.standbys) {
    const { node, upstream } = standby;
    if (node !== undefined) {
      const first = firstByNode.get(node);
      if (!facts.nodeNames.has(node)) {
        issues.push(
          issue(
            ['standbys', standby.at, 'node'],
            `there is no node named ${show(node)}; ${oneOf(facts.nodeNames, 'add it under nodes')}`,
          ),
        );
      } else if (first !== undefined) {
        issues.push(
          issue(
            ['standbys', standby.at, 'node'],
            `${show(node)} is already a standby (standbys.${first}); a node follows only one upstream, so remove one entry`,
          ),
        );
      }
      if (first === undefined) firstByNode.set(node, standby.at);
    }
    if (upstream !== undefined) {
      if (!facts.nodeNames.has(upstream)) {
        issues.push(
          issue(
            ['standbys', standby.at, 'upstream'],
            `there is no node named ${show(upstream)}; ${oneOf(facts.nodeNames, 'add it under nodes')}`,
          ),
        );
      } else if (upstream === node) {
        issues.push(
          issue(
            ['standbys', standby.at, 'upstream'],
            `${show(node)} cannot be a standby of itself; choose another upstream`,
          ),
        );
      }
    }
    if (node === undefined || upstream === undefined) continue;

    const slot = standby.slot ?? `pgcascade_${node}`;
    const slotPath = ['standbys', standby.at, standby.slot === undefined ? 'node' : 'slot'];
    const owner = slotOwners.get(`${upstream}\u0000${slot}`);
    if (owner === undefined) slotOwners.set(`${upstream}\u0000${slot}`, { at: standby.at, node });
    else if (owner.node !== node) {
      issues.push(
        issue(
          slotPath,
          `slot ${show(slot)} on ${show(upstream)} is already used by ${show(owner.node)} (standbys.${owner.at}); give each standby its own slot`,
        ),
      );
    }
    const clash = subscriptionSlots.get(`${upstream}\u0000${slot}`);
    if (clash !== undefined) {
      issues.push(
        issue(
          slotPath,
          `slot ${show(slot)} clashes with subscription ${show(slot)} (subscriptions.${clash}) to ${show(upstream)}: subscription names become slot names on the publisher; rename one`,
        ),
      );
    }
  }

  issues.push(...standbyCycles(t, facts), ...standbysWithOwnReplication(t, facts));
  return issues;
};

/** Every standby in a chain that loops back on itself (self-standbys are reported above). */
function standbyCycles(t: LooseTopology, facts: Facts): ValidationIssue[] {
  const next = (v: string) => {
    const up = facts.upstreamOf.get(v);
    return up === undefined ? [] : [up];
  };
  const inCycle = new Set(
    stronglyConnected(facts.upstreamOf.keys(), next)
      .filter((c) => c.length > 1)
      .flat(),
  );
  const issues: ValidationIssue[] = [];
  for (const standby of t.standbys) {
    const { node, upstream } = standby;
    if (
      node === undefined ||
      upstream === undefined ||
      !inCycle.has(node) ||
      facts.upstreamOf.get(node) !== upstream
    )
      continue;
    const loop = [node, ...(shortestPath(upstream, node, next) ?? [])].map(show).join(' → ');
    issues.push(
      issue(
        ['standbys', standby.at, 'upstream'],
        `standbys form a cycle ${loop}: every chain needs a primary at its top, so make one of these nodes a primary by removing its standby entry`,
      ),
    );
  }
  return issues;
}

/** A standby is a read-only copy of its upstream, so publications or subscriptions of its own cannot work. */
function standbysWithOwnReplication(t: LooseTopology, facts: Facts): ValidationIssue[] {
  const own = new Map<string, string[]>();
  const add = (node: string | undefined, path: string) => {
    if (node !== undefined && facts.standbyNodes.has(node)) own.set(node, [...(own.get(node) ?? []), path]);
  };
  for (const pub of t.publications) add(pub.node, `publications.${pub.at}`);
  for (const sub of t.subscriptions) add(sub.node, `subscriptions.${sub.at}`);

  const issues: ValidationIssue[] = [];
  const reported = new Set<string>();
  for (const standby of t.standbys) {
    const paths = standby.node === undefined ? undefined : own.get(standby.node);
    if (standby.node === undefined || !paths || reported.has(standby.node)) continue;
    reported.add(standby.node);
    issues.push(
      issue(
        ['standbys', standby.at, 'node'],
        `${show(standby.node)} is a read-only standby but also has its own ${listOf(paths)}; remove those or remove this standby entry`,
      ),
    );
  }
  return issues;
}
