import type { ValidationIssue } from '../schema';
import type { Rule } from './facts';
import { issue, show } from './format';

/** Unique node names, unique ports per host, and the provider's connection fields. */
export const checkNodes: Rule = (t) => {
  const issues: ValidationIssue[] = [];
  const firstByName = new Map<string, number>();
  const firstByEndpoint = new Map<string, string>();

  for (const node of t.nodes) {
    const label = node.name === undefined ? `nodes.${node.at}` : show(node.name);
    if (node.name !== undefined) {
      const first = firstByName.get(node.name);
      if (first === undefined) firstByName.set(node.name, node.at);
      else
        issues.push(
          issue(
            ['nodes', node.at, 'name'],
            `the name ${show(node.name)} is already used by nodes.${first}; give each node its own name`,
          ),
        );
    }

    // Local nodes all listen on 127.0.0.1, so only the port tells them apart.
    const host =
      t.provider === 'local' ? '127.0.0.1' : t.provider === 'ssh' ? node.address?.toLowerCase() : undefined;
    if (host !== undefined && node.port !== undefined) {
      const endpoint = `${host}:${node.port}`;
      const owner = firstByEndpoint.get(endpoint);
      if (owner === undefined) firstByEndpoint.set(endpoint, label);
      else if (t.provider === 'local') {
        issues.push(
          issue(
            ['nodes', node.at, 'port'],
            `port ${node.port} is already used by ${owner}; local nodes share 127.0.0.1, so give each node a different port`,
          ),
        );
      } else {
        issues.push(
          issue(
            ['nodes', node.at, 'port'],
            `${show(host)}:${node.port} is already used by ${owner}; give this node another port or address`,
          ),
        );
      }
    }

    // A node whose VM pgcascade creates gets its address and login from pgcascade.
    const isMachine = t.machines !== undefined && !node.machineOff;
    if (t.provider === 'ssh' && !isMachine) {
      if (node.address === undefined) {
        issues.push(
          issue(
            ['nodes', node.at, 'address'],
            `is required with the ssh provider: the host name or IP address where ${label} is reached`,
          ),
        );
      }
      if (!node.sshGiven) {
        issues.push(
          issue(
            ['nodes', node.at, 'ssh'],
            `is required with the ssh provider: give a user and a privateKey, password or credentialId for ${label}`,
          ),
        );
      } else if (node.ssh && !node.ssh.privateKey && !node.ssh.password && !node.ssh.credentialId) {
        issues.push(
          issue(
            ['nodes', node.at, 'ssh'],
            `needs a way to log in to ${label}: give a privateKey, password or credentialId`,
          ),
        );
      }
    }
    if (t.provider === 'local' && node.sshGiven) {
      issues.push(
        issue(
          ['nodes', node.at, 'ssh'],
          `the local provider runs ${label} on this machine without ssh; remove ssh or switch provider to ssh`,
        ),
      );
    }
  }
  return issues;
};
