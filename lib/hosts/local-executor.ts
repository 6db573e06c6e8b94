import 'server-only';
import { spawn } from 'node:child_process';
import { chown, readFile, rename, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { HostError } from './host-error';
import type { Executor, RunOptions, RunResult, Tunnel, WriteOptions } from './executor';
import { quoteShell } from '@/lib/postgres/quote';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** The OS user local clusters run as: postgres when the panel is root (PostgreSQL refuses root), else the panel's user. */
export function localClusterUser(): string | null {
  return process.getuid?.() === 0 ? 'postgres' : null;
}

async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith(`${user}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`OS user ${user} does not exist: install postgresql-common or create it`);
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs commands on this machine with child_process; `mask` hides secrets in errors. */
export class LocalExecutor implements Executor {
  private readonly runAs = localClusterUser();

  constructor(private readonly mask: (text: string) => string = (t) => t) {}

  run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    const [cmd, ...args] = options.asPostgres && this.runAs ? ['runuser', '-u', this.runAs, '--', ...argv] : argv;
    const shown = this.mask(argv.map(quoteShell).join(' '));
    return new Promise((resolve, reject) => {
      const child = spawn(cmd as string, args, {
        env: { ...process.env, ...options.env },
        stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        cwd: '/',
      });
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d;
        options.onOutput?.('stdout', this.mask(d.toString()));
      });
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d;
        options.onOutput?.('stderr', this.mask(d.toString()));
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new HostError(`could not run ${shown}: ${err.message}`, shown, null, ''));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const exitCode = code ?? 128;
        if (exitCode === 0 || options.allowFailure) return resolve({ exitCode, stdout, stderr });
        const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? ', timed out' : ''})` : `exited with ${exitCode}`;
        reject(new HostError(`${shown} ${why}: ${this.mask(stderr.trim().split('\n').slice(-3).join(' ')) || 'no error output'}`, shown, exitCode, this.mask(stderr)));
      });
    });
  }

  async readFile(path: string): Promise<string | null> {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async writeFile(path: string, content: string, options: WriteOptions): Promise<void> {
    // Write beside and rename, so a reader never sees half a file.
    const tmp = `${path}.pgcascade-tmp`;
    await writeFile(tmp, content, { mode: options.mode });
    if (options.asPostgres && this.runAs) {
      const { uid, gid } = await idsOf(this.runAs);
      await chown(tmp, uid, gid);
    }
    await rename(tmp, path);
  }

  async openTunnel(port: number): Promise<Tunnel> {
    return { host: '127.0.0.1', port, close: async () => {} };
  }

  async close(): Promise<void> {}
}

export function currentUserName(): string {
  return userInfo().username;
}
