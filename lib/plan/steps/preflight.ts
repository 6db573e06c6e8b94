import type { Topology } from '@/lib/topology/schema';
import { quoteConninfoValue } from '@/lib/postgres/quote';
import { LOGICAL_ROLE, PHYSICAL_ROLE } from '@/lib/postgres/roles';
import { tlsFiles } from '@/lib/objects/tls';
import { bin, nodeFiles, serviceCommands, type Layout } from '../layout';
import { nodeAddress, nodePort } from '../derive/node-facts';
import type { Step } from '../types';

const CLOCK_WARN_MS = 1000;
// apt refuses package lists "not valid yet" and TLS certificates fail well before this.
const CLOCK_BLOCK_MS = 5 * 60_000;

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
      // Local nodes share the panel's clock; only remote hosts can drift.
      steps.push({
        id: `${node.name}/check-clock`,
        node: node.name,
        kind: 'check-clock',
        summary: `${node.name}'s clock agrees with the panel's (warn above ${CLOCK_WARN_MS / 1000} s, stop above ${CLOCK_BLOCK_MS / 60_000} min)`,
        commands: [{ type: 'shell', argv: ['date', '+%s%3N'], asPostgres: false }],
        params: { kind: 'check-clock', warnMs: CLOCK_WARN_MS, blockMs: CLOCK_BLOCK_MS },
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

/**
 * From `node` itself, the upstream's PostgreSQL port answers (pg_isready): placed right before the subscription or
 * clone that connects there, once the upstream runs. Same host and port as that step (nodeAddress, nodePort).
 */
export function checkReachableStep(t: Topology, layout: Layout, node: string, upstream: string): Step {
  const host = nodeAddress(t, upstream);
  const port = nodePort(t, upstream);
  const files = tlsFiles(t, layout, node);
  const isStandby = t.standbys.some((s) => s.node === node && s.upstream === upstream);
  const tls = files ? { caFile: files.caFile, database: isStandby ? 'replication' : t.database, user: isStandby ? PHYSICAL_ROLE : LOGICAL_ROLE } : null;
  const commands: Step['commands'] = [{ type: 'shell', argv: [bin(layout, 'pg_isready'), '-h', host, '-p', String(port), '-t', '5'], asPostgres: false }];
  if (tls) {
    // The TLS handshake (certificate and name checked) comes before any login, so no password is needed to test it.
    const conninfo = [`host=${quoteConninfoValue(host)}`, `port=${port}`, `dbname=${quoteConninfoValue(tls.database === 'replication' ? 'postgres' : tls.database)}`, `user=${tls.user}`, 'sslmode=verify-full', `sslrootcert=${quoteConninfoValue(tls.caFile)}`, 'connect_timeout=5'].join(' ');
    commands.push({ type: 'shell', argv: [bin(layout, 'psql'), '-X', '-w', '-A', '-t', '-d', conninfo, '-c', 'SELECT 1'], asPostgres: true });
  }
  return {
    id: `${node}/check-reachable/${upstream}`,
    node,
    kind: 'check-reachable',
    summary: `${node} reaches ${upstream}'s PostgreSQL at ${host}:${port}${tls ? ' and verifies its certificate (sslmode=verify-full)' : ''}`,
    commands,
    params: { kind: 'check-reachable', upstream, host, port, fromAddress: nodeAddress(t, node), ...(tls ? { tls } : {}) },
  };
}
