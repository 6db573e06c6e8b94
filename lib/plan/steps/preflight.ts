import type { Topology } from '@/lib/topology/schema';
import { bin, dataDir, type LocalLayout } from '../layout';
import type { Step } from '../types';

/** Checks that change nothing and run before anything else: a blocking problem stops the job with every host untouched. */
export function preflightSteps(t: Topology, layout: LocalLayout): Step[] {
  const steps: Step[] = [
    {
      id: '*/check-binaries',
      node: '*',
      kind: 'check-binaries',
      summary: `PostgreSQL ${t.postgresVersion} server binaries are installed`,
      commands: [{ type: 'shell', argv: ['test', '-x', bin(layout, 'initdb')], asPostgres: false }],
      params: { kind: 'check-binaries', binDir: layout.binDir, postgresVersion: t.postgresVersion },
    },
  ];
  for (const node of t.nodes) {
    steps.push({
      id: `${node.name}/check-port`,
      node: node.name,
      kind: 'check-port',
      summary: `Port ${node.port} is free on 127.0.0.1 (or already ${node.name}'s)`,
      commands: [],
      params: { kind: 'check-port', port: node.port, dataDir: dataDir(layout, node.name) },
    });
  }
  return steps;
}
