// `npm start` builds first when there is no production build yet (a fresh clone), so `npm ci && npm start` just works.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('.next/BUILD_ID') || process.env.PGCASCADE_REBUILD === '1') {
  console.log('pgcascade: no production build yet, running next build (about a minute)…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
