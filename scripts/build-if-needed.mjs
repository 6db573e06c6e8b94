// `npm start` builds first when there is no production build, or when the sources are newer than it,
// so `npm ci && npm start` works on a fresh clone and after a pull.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'drizzle', 'instrumentation.ts', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const built = existsSync('.next/BUILD_ID') ? statSync('.next/BUILD_ID').mtimeMs : 0;
if (built === 0 || Math.max(...SOURCES.map(newest)) > built) {
  console.log(built === 0 ? 'pgcascade: no production build yet, building (about a minute)…' : 'pgcascade: sources changed since the last build, rebuilding…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
