import { spawnSync } from 'node:child_process';
import { reserveTestPorts } from '../integration/global-setup';
import { clearResults, summary } from './results';

/** The fault scenarios need root and a fresh four-host test bed; the summary is printed at the end. */
export default function setup() {
  if (spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' }).status !== 0)
    throw new Error('next build failed');
  clearResults();
  const restorePorts = reserveTestPorts();
  if (process.getuid?.() !== 0) {
    console.warn('faults: not root, so the test bed cannot start; the test-bed scenarios are skipped');
    return restorePorts;
  }
  spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'inherit' });
  if (spawnSync('bash', ['scripts/testbed.sh', 'up'], { stdio: 'inherit' }).status !== 0)
    throw new Error('testbed:up failed');
  return () => {
    console.log(`\nFault scenarios:\n${summary()}\n`);
    spawnSync('bash', ['scripts/testbed.sh', 'down'], { stdio: 'inherit' });
    restorePorts();
  };
}
