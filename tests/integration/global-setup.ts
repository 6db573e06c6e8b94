import { spawnSync } from 'node:child_process';

/** The integration suite talks to a real `next start`: make sure the production build is current. */
export default function setup() {
  const r = spawnSync('node', ['scripts/build-if-needed.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('next build failed');
}
