import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const isRoot = process.getuid?.() === 0;

/**
 * The integration suite talks to a real `next start` (so the production build must be current) and, as root,
 * to the four-host SSH test bed, brought up here and taken down after the run.
 */
export default function setup() {
  const build = spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('next build failed');
  const restorePorts = reserveTestPorts();
  // A developer running only local-cluster suites may leave the shared test bed alone.
  if (process.env.PGCASCADE_SKIP_TESTBED === '1') return restorePorts;
  if (!isRoot) {
    console.warn('integration: not root, so the SSH test bed (network namespaces) cannot start; the SSH suites are skipped');
    return;
  }
  const up = spawnSync('bash', ['scripts/testbed.sh', 'up'], { stdio: 'inherit' });
  if (up.status !== 0) throw new Error('testbed:up failed');
  return () => {
    spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'inherit' });
    restorePorts();
  };
}

const RESERVED = '/proc/sys/net/ipv4/ip_local_reserved_ports';

/**
 * The tests' clusters listen on 55400–56999, inside Linux's ephemeral range: keep outgoing connections off those
 * ports for the run (root only), and put the previous setting back afterwards.
 */
export function reserveTestPorts(): () => void {
  if (!isRoot) return () => undefined;
  try {
    const before = readFileSync(RESERVED, 'utf8').trim();
    writeFileSync(RESERVED, before ? `${before},55400-56999` : '55400-56999');
    return () => writeFileSync(RESERVED, before || '\n');
  } catch {
    return () => undefined;
  }
}
