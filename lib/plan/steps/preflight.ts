import type { Topology } from '@/lib/topology/schema';
import { bin, nodeFiles, serviceCommands, type Layout } from '../layout';
import { nodeAddress } from '../derive/node-facts';
import type { Step } from '../types';

/** Checks that change nothing and run before anything else: a blocking problem stops the job with every host untouched. */
export function preflightSteps(t: Topology, layout: Layout): Step[] {
  const steps: Step[] = [];
  if (layout.kind === 'local') {
    steps.push({
      id: '*/check-binaries',
      node: '*',
      kind: 'check-binaries',
      summary: `PostgreSQL ${t.postgresVersion} server binaries are installed`,
      commands: [{ type: 'shell', argv: ['test', '-x', bin(layout, 'initdb')], asPostgres: false }],
      params: { kind: 'check-binaries', binDir: layout.binDir, postgresVersion: t.postgresVersion, root: layout.root },
    });
  } else {
    for (const node of t.nodes) {
      steps.push({
        id: `${node.name}/check-host`,
        node: node.name,
        kind: 'check-host',
        summary: `${node.name} (${nodeAddress(t, node.name)}): SSH login, sudo, Debian or Ubuntu, PostgreSQL ${t.postgresVersion} present or installable, free disk`,
        commands: [{ type: 'shell', argv: ['sh', '-c', '. /etc/os-release; echo "$ID $VERSION_CODENAME"; uname -m; df -Pk /var/lib'], asPostgres: false }],
        params: { kind: 'check-host', postgresVersion: t.postgresVersion, address: nodeAddress(t, node.name) },
      });
    }
  }
  for (const node of t.nodes) {
    const where = layout.kind === 'local' ? '127.0.0.1' : node.name;
    steps.push({
      id: `${node.name}/check-port`,
      node: node.name,
      kind: 'check-port',
      summary: `Port ${node.port} is free on ${where} (or already ${node.name}'s PostgreSQL)`,
      commands: [],
      params: { kind: 'check-port', port: node.port, dataDir: nodeFiles(layout, node.name).dataDir, service: serviceCommands(layout, node.name) },
    });
  }
  return steps;
}
