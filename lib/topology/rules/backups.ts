import { cronProblem } from '../cron';
import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, oneOf, show } from './format';

/**
 * A backup names a node that holds its own data (not a standby), optionally one of that node's standbys to read
 * from, a repository host that exists, and cron expressions that parse. One backup per node.
 */
export const checkBackups: Rule = (t, facts) => {
  const issues: ValidationIssue[] = [];
  const firstByNode = new Map<string, number>();
  for (const b of t.backups) {
    const at = ['backups', b.at];
    const unknown = (name: string) => `there is no node named ${show(name)}; ${oneOf(facts.nodeNames, 'add it under nodes')}`;
    if (b.node !== undefined) {
      const first = firstByNode.get(b.node);
      if (!facts.nodeNames.has(b.node)) issues.push(issue([...at, 'node'], unknown(b.node)));
      else if (facts.standbyNodes.has(b.node)) {
        const upstream = facts.upstreamOf.get(b.node);
        issues.push(issue([...at, 'node'], `${show(b.node)} is a standby, which cannot be the backup's own node, only its fromStandby: set node to ${upstream ? show(upstream) : 'its upstream'} and fromStandby to ${show(b.node)}`));
      } else if (first !== undefined) issues.push(issue([...at, 'node'], `${show(b.node)} already has a backup (backups.${first}); one backup definition per node`));
      if (first === undefined) firstByNode.set(b.node, b.at);
    }
    if (b.fromStandby !== undefined) {
      if (!facts.nodeNames.has(b.fromStandby)) issues.push(issue([...at, 'fromStandby'], unknown(b.fromStandby)));
      else if (b.node !== undefined && facts.upstreamOf.get(b.fromStandby) !== b.node) {
        const standbys = [...facts.upstreamOf].filter(([, up]) => up === b.node).map(([s]) => s);
        const fix = standbys.length > 0 ? `use one of ${standbys.map(show).join(', ')}` : `add a standby of ${show(b.node)} first, or leave fromStandby out`;
        issues.push(issue([...at, 'fromStandby'], `${show(b.fromStandby)} is not a standby of ${show(b.node)}; a backup reads from a standby that streams from its node: ${fix}`));
      }
    }
    if (b.repositoryHost !== undefined && !facts.nodeNames.has(b.repositoryHost)) issues.push(issue([...at, 'repository', 'host'], unknown(b.repositoryHost)));
    else if (b.repositoryHost !== undefined && b.node !== undefined && t.provider === 'ssh' && b.repositoryHost !== b.node)
      issues.push(issue([...at, 'repository', 'host'], `a repository on another host (${show(b.repositoryHost)}) is not supported yet; keep it on the backup's node ${show(b.node)}`));
    for (const cron of b.crons) {
      const problem = cronProblem(cron.value);
      if (problem) issues.push(issue([...at, ...cron.path], `${show(cron.value)} is not a cron expression: ${problem}`));
    }
  }
  return issues;
};
