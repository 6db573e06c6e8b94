import 'server-only';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import nodePath from 'node:path';
import { HostError } from './host-error';
import { spawnThroughHelper } from './spawner';
import type { Executor, ReadOptions, RunOptions, RunResult, Tunnel, WriteOptions } from './executor';
import { fileError, readArgv, readOutcome, writeArgv } from './file-scripts';
import { quoteShell } from '@/lib/postgres/quote';
import { maskedStream } from '@/lib/secrets/mask';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** The OS user local clusters run as: postgres when the panel is root (PostgreSQL refuses root), else the panel's user. */
export function localClusterUser(): string | null {
  return process.getuid?.() === 0 ? 'postgres' : null;
}

const refused = (path: string, why: string) => new HostError(`cannot touch ${path} on this machine: ${why}`, path, null, why);

/**
 * Runs commands on this machine with child_process; `mask` hides secrets in errors and output. As root, files
 * are read and written as the clusters' OS user (the shell scripts SSH hosts use); otherwise there is no one to
 * escalate to, and files are opened directly with O_NOFOLLOW.
 */
export class LocalExecutor implements Executor {
  private readonly runAs: string | null;

  constructor(
    private readonly mask: (text: string) => string = (t) => t,
    options: { runAs?: string | null } = {},
  ) {
    this.runAs = options.runAs === undefined ? localClusterUser() : options.runAs;
  }

  run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    const [cmd, ...args] = options.asPostgres && this.runAs ? ['runuser', '-u', this.runAs, '--', ...argv] : argv;
    const shown = this.mask(argv.map(quoteShell).join(' '));
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const onOutput = options.onOutput;
      const out = onOutput ? maskedStream(this.mask, (t) => onOutput('stdout', t)) : null;
      const err = onOutput ? maskedStream(this.mask, (t) => onOutput('stderr', t)) : null;
      const signal = spawnThroughHelper(
        { cmd: cmd as string, args, env: { ...process.env, ...options.env }, cwd: '/', stdin: options.stdin ?? null },
        {
          onData(stream, d) {
            if (stream === 'stdout') {
              stdout += d;
              out?.write(d);
            } else {
              stderr += d;
              err?.write(d);
            }
          },
          onEnd: (end) => {
            clearTimeout(timer);
            out?.end();
            err?.end();
            if ('error' in end) return reject(new HostError(`could not run ${shown}: ${end.error}`, shown, null, ''));
            const exitCode = end.code ?? 128;
            if (exitCode === 0 || options.allowFailure) return resolve({ exitCode, stdout, stderr });
            const why = end.signal ? `was killed (${end.signal}${end.signal === 'SIGKILL' ? ', timed out' : ''})` : `exited with ${exitCode}`;
            reject(new HostError(`${shown} ${why}: ${this.mask(stderr.trim().split('\n').slice(-3).join(' ')) || 'no error output'}`, shown, exitCode, this.mask(stderr)));
          },
        },
      );
      const timer = setTimeout(() => signal('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    });
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<string | null> {
    if (this.runAs) {
      const as = options.asPostgres === undefined ? 'auto' : options.asPostgres ? 'postgres' : 'root';
      const r = await this.run(readArgv(path, as), { allowFailure: true, asPostgres: as === 'postgres' });
      return readOutcome({ ...r, stderr: this.mask(r.stderr) }, path, 'this machine');
    }
    let file;
    try {
      file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'ELOOP') throw refused(path, 'it is a symbolic link, which pgcascade refuses to follow');
      throw err;
    }
    try {
      if (!(await file.stat()).isFile()) throw refused(path, 'it is not a regular file');
      return await file.readFile('utf8');
    } finally {
      await file.close();
    }
  }

  async writeFile(path: string, content: string, options: WriteOptions): Promise<void> {
    if (this.runAs) {
      const as = options.asPostgres ? 'postgres' : 'root';
      const r = await this.run(writeArgv(path, options.mode, as), { stdin: content, allowFailure: true, asPostgres: options.asPostgres });
      if (r.exitCode !== 0) throw fileError('write', { ...r, stderr: this.mask(r.stderr) }, path, 'this machine');
      return;
    }
    const existing = await lstat(path).catch(() => null);
    if (existing?.isSymbolicLink()) throw refused(path, 'it is a symbolic link, which pgcascade refuses to follow');
    if (existing && !existing.isFile()) throw refused(path, 'it is not a regular file');
    // A new file of our own beside the target (O_EXCL: never one someone put there), then renamed over it.
    const tmp = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.pgcascade-${randomBytes(6).toString('hex')}`);
    const file = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, options.mode);
    try {
      await file.writeFile(content);
      await file.chmod(options.mode);
      await file.close();
      await rename(tmp, path);
    } catch (err) {
      await file.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  async openTunnel(port: number): Promise<Tunnel> {
    return { host: '127.0.0.1', port, close: async () => {} };
  }

  async close(): Promise<void> {}
}

export function currentUserName(): string {
  return userInfo().username;
}
