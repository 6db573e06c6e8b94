import { execFileSync } from 'node:child_process';
import path from 'node:path';

const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

/** A PostgreSQL server tool (initdb, pg_ctl, …) from the folder the real initdb on this machine lives in. */
export function pgBin(tool: string): string {
  const initdb = execFileSync('sh', ['-c', 'readlink -f "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)"'], { encoding: 'utf8' }).trim();
  return path.join(path.dirname(initdb), tool);
}

/** Run a command as the clusters' OS user (postgres when the tests run as root). */
export function runAsPostgres(argv: string[], timeout = 120_000): void {
  const [cmd, ...args] = [...asPostgres, ...argv];
  execFileSync(cmd as string, args, { stdio: 'pipe', timeout });
}

/**
 * Ask a node directly, not through the panel: psql over the node's own socket directory as the postgres OS user
 * (peer authentication), so the test does not trust anything the panel reports.
 */
export function psql(clusterRoot: string, node: string, port: number, database: string, sql: string): string {
  const [cmd, ...args] = [...psqlArgv(clusterRoot, node, port, database), '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql];
  return execFileSync(cmd as string, args, { encoding: 'utf8', timeout: 15_000 }).trim();
}

/** How to start psql on a local node over its socket directory, as the postgres OS user. */
export function psqlArgv(clusterRoot: string, node: string, port: number, database: string): string[] {
  return [...asPostgres, 'psql', '-X', '-h', path.join(clusterRoot, node, 'run'), '-p', String(port), '-U', 'postgres', '-d', database];
}

/** Wait until `check` returns true, or fail with the last value seen. */
export async function eventually<T>(read: () => T, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = read();
      if (check(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(last)}${lastError ? `, last error ${String(lastError)}` : ''}`);
}

/** PIDs of every process whose command line mentions `text` (postmasters carry their data dir). */
export function processesMentioning(text: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', text], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Stop at once any cluster left under a data dir (a failed test must not leave servers running). */
export function stopAllClusters(dataDir: string): void {
  try {
    execFileSync('pkill', ['-QUIT', '-f', `postgres -D ${dataDir}/`], { stdio: 'ignore' });
  } catch {
    // none running
  }
}

/** Stop or start one local node directly with pg_ctl, behind the panel's back (fault tests). */
export function pgCtl(clusterRoot: string, node: string, action: 'start' | 'stop'): void {
  const dir = path.join(clusterRoot, node);
  const args = action === 'stop' ? ['-D', `${dir}/pgdata`, '-m', 'fast', '-w', 'stop'] : ['-D', `${dir}/pgdata`, '-l', `${dir}/postgresql.log`, '-w', 'start'];
  runAsPostgres([pgBin('pg_ctl'), ...args], 60_000);
}
