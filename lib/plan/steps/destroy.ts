import type { Topology } from '@/lib/topology/schema';
import { dataDir, nodeDir, type LocalLayout } from '../layout';
import type { Step } from '../types';
import { pgCtlCommand } from './commands';

/** Stop every node and remove its files: standbys first, so no upstream disappears under a streaming standby. */
export function destroySteps(t: Topology, layout: LocalLayout): Step[] {
  const standbys = new Set(t.standbys.map((s) => s.node));
  const order = [...t.nodes.filter((n) => standbys.has(n.name)), ...t.nodes.filter((n) => !standbys.has(n.name))];
  const steps: Step[] = [];
  for (const { name } of order) {
    steps.push({
      id: `${name}/stop-node`,
      node: name,
      kind: 'stop-node',
      summary: `Stop ${name}`,
      commands: [pgCtlCommand(layout, dataDir(layout, name), 'stop')],
      params: { kind: 'stop-node', dataDir: dataDir(layout, name) },
    });
  }
  for (const { name } of order) {
    steps.push({
      id: `${name}/remove-node`,
      node: name,
      kind: 'remove-node',
      summary: `Remove ${name}'s files`,
      commands: [{ type: 'shell', argv: ['rm', '-rf', nodeDir(layout, name)], asPostgres: false }],
      params: { kind: 'remove-node', dir: nodeDir(layout, name) },
    });
  }
  return steps;
}
