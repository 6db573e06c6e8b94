import { spawnSync } from 'node:child_process';

const isRoot = process.getuid?.() === 0;

/**
 * The integration suite talks to a real `next start` (so the production build must be current) and, as root,
 * to the four-host SSH test bed, brought up here and taken down after the run.
 */
export default function setup() {
  const build = spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('next build failed');
  if (!isRoot) {
    console.warn('integration: not root, so the SSH test bed (network namespaces) cannot start; the SSH suites are skipped');
    return;
  }
  const up = spawnSync('bash', ['scripts/testbed.sh', 'up'], { stdio: 'inherit' });
  if (up.status !== 0) throw new Error('testbed:up failed');
  return () => {
    spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'inherit' });
  };
}
