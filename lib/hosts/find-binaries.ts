import 'server-only';
import { access, constants, realpath } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';

const run = promisify(execFile);

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function versionOf(binDir: string): Promise<number | null> {
  try {
    const { stdout } = await run(path.join(/*turbopackIgnore: true*/ binDir, 'initdb'), ['--version'], { timeout: 5000 });
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Where this machine's PostgreSQL server binaries for `version` are: PATH, `pg_config --bindir`, then the
 * Debian/Ubuntu layout. Null when none of them has that version's initdb.
 */
export async function findPostgresBinDir(version: number): Promise<string | null> {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) candidates.push(dir);
  try {
    const { stdout } = await run('pg_config', ['--bindir'], { timeout: 5000 });
    candidates.push(stdout.trim());
  } catch {
    // pg_config is optional
  }
  candidates.push(`/usr/lib/postgresql/${version}/bin`, `/usr/pgsql-${version}/bin`);
  for (const candidate of candidates) {
    // PATH may hold symlinks to single tools: use the folder the real initdb lives in, which has all of them.
    const initdb = await realpath(path.join(/*turbopackIgnore: true*/ candidate, 'initdb')).catch(() => null);
    if (!initdb) continue;
    const dir = path.dirname(initdb);
    const tools = await Promise.all(['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'].map((t) => isExecutable(path.join(/*turbopackIgnore: true*/ dir, t))));
    if (tools.every(Boolean) && (await versionOf(dir)) === version) return dir;
  }
  return null;
}

/** What to install when the binaries are missing. */
export function installHint(version: number): string {
  return `PostgreSQL ${version} server binaries (initdb, pg_ctl, pg_basebackup) were not found in PATH, pg_config --bindir or /usr/lib/postgresql/${version}/bin. Install them: apt-get install -y postgresql-${version} (Debian/Ubuntu; add the PGDG apt repository for versions your release does not ship).`;
}
