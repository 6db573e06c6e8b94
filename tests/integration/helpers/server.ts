import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Every panel a test starts accepts this bearer token (PGCASCADE_API_TOKEN); `api()` sends it. */
export const TEST_TOKEN = `pgc-test-${randomBytes(12).toString('hex')}`;

export interface PanelServer {
  url: string;
  dataDir: string;
  logs: () => string;
  /** The `next start` process; its process group holds the server. */
  pid: number;
  /** Kill the whole process group (next start and its next-server child). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function freshDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgcascade-it-'));
  // mkdtemp makes it 0700; the clusters under it run as postgres and must be able to enter it.
  chmodSync(dir, 0o755);
  return dir;
}

/** Start `next start` on a port of the test's choosing and wait until it answers. */
export async function startPanel(port: number, dataDir: string, env: Record<string, string> = {}): Promise<PanelServer> {
  const child: ChildProcess = spawn(path.resolve('node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PGCASCADE_API_TOKEN: TEST_TOKEN, ...env, PGCASCADE_DATA_DIR: dataDir, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
      await exited;
    }
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`panel exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/api/auth/status`);
      if (res.ok) return { url, dataDir, logs: () => output, pid: child.pid!, kill };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await kill('SIGKILL');
  throw new Error(`panel did not answer within 60 s:\n${output}`);
}

/** Resident memory (bytes) of every process in a panel's process group: `next start` and the server it runs. */
export function groupRss(pgid: number): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Fields after the command's closing paren: state ppid pgrp …
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      total += Number(rss ?? 0) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
