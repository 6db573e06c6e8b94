import 'server-only';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Client, type ClientChannel } from 'ssh2';
import { quoteShell } from '@/lib/postgres/quote';
import { HostError } from './host-error';
import type { Executor, RunOptions, RunResult, Tunnel, WriteOptions } from './executor';

export interface SshTarget {
  /** The node's name, for messages. */
  node: string;
  host: string;
  port: number;
  username: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  sudoPassword?: string;
}

/** Host keys pinned on first use: a changed key stops the job. */
export interface HostKeyStore {
  get(host: string, port: number): Promise<string | null>;
  pin(host: string, port: number, fingerprint: string): Promise<void>;
}

/** Raised when a host presents another key than the one pinned: never retried. */
export class HostKeyChangedError extends Error {
  constructor(target: SshTarget, pinned: string, seen: string) {
    super(
      `the SSH host key of ${target.node} (${target.host}:${target.port}) changed: pinned ${pinned}, now ${seen}. If the host was rebuilt, forget its pinned key; otherwise someone may be intercepting the connection. Nothing was run on it.`,
    );
    this.name = 'HostKeyChangedError';
  }
}

/** OpenSSH's form: SHA256:<base64 without padding>. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export interface SshOptions {
  mask?: (text: string) => string;
  connectTimeoutMs?: number;
  attempts?: number;
  commandTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs commands on a host over one reused SSH connection, with sudo when the login is not root. */
export class SshExecutor implements Executor {
  private conn: Promise<Client> | null = null;
  private readonly tunnels = new Set<net.Server>();
  private readonly mask: (text: string) => string;

  constructor(
    private readonly target: SshTarget,
    private readonly hostKeys: HostKeyStore,
    private readonly options: SshOptions = {},
  ) {
    this.mask = options.mask ?? ((t) => t);
  }

  private get where(): string {
    return `${this.target.node} (${this.target.username}@${this.target.host}:${this.target.port})`;
  }

  private async connectOnce(): Promise<Client> {
    const pinned = await this.hostKeys.get(this.target.host, this.target.port);
    let seen: string | null = null;
    let changed = false;
    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        if (changed && pinned && seen) return reject(new HostKeyChangedError(this.target, pinned, seen));
        if (err.level === 'client-authentication') {
          return reject(Object.assign(new Error(`login to ${this.where} failed: the server refused the ${this.target.privateKey ? 'key' : 'password'}`), { final: true }));
        }
        if (/passphrase|encrypted|parse privateKey/i.test(err.message)) return reject(Object.assign(new Error(`the private key for ${this.where} could not be read: ${err.message}`), { final: true }));
        const reason = err.code === 'ECONNREFUSED' ? 'connection refused (is sshd running?)' : /timed out/i.test(err.message) ? 'timed out' : (err.code ?? err.message);
        reject(new Error(`cannot reach ${this.where}: ${reason}`));
      });
      try {
        this.startConnect(client, pinned, (fp, isChanged) => {
          seen = fp;
          changed = isChanged;
        });
      } catch (err) {
        // ssh2 throws at once for a key it cannot parse.
        reject(Object.assign(new Error(`the private key for ${this.where} could not be read: ${(err as Error).message}`), { final: true }));
      }
    });
    if (!pinned && seen) await this.hostKeys.pin(this.target.host, this.target.port, seen);
    client.on('close', () => {
      this.conn = null;
    });
    client.on('error', () => undefined);
    return client;
  }

  private startConnect(client: Client, pinned: string | null, onKey: (fingerprint: string, changed: boolean) => void): void {
      client.connect({
        host: this.target.host,
        port: this.target.port,
        username: this.target.username,
        privateKey: this.target.privateKey,
        passphrase: this.target.passphrase,
        password: this.target.password,
        readyTimeout: this.options.connectTimeoutMs ?? 10_000,
        keepaliveInterval: 15_000,
        hostVerifier: (key: Buffer) => {
          const fingerprint = fingerprintOf(key);
          const changed = pinned !== null && pinned !== fingerprint;
          onKey(fingerprint, changed);
          return !changed;
        },
      });
  }

  /** The shared connection; connects with retries and back-off, except for errors retrying cannot fix. */
  private connection(): Promise<Client> {
    this.conn ??= (async () => {
      const attempts = this.options.attempts ?? 3;
      for (let i = 1; ; i++) {
        try {
          return await this.connectOnce();
        } catch (err) {
          const final = err instanceof HostKeyChangedError || (err as { final?: boolean }).final;
          if (final || i >= attempts) throw err;
          await sleep(500 * 2 ** (i - 1));
        }
      }
    })().catch((err) => {
      this.conn = null;
      throw err;
    });
    return this.conn;
  }

  /** The command line and the standard input that carries sudo's password and secret environment values. */
  private wrap(argv: string[], options: RunOptions): { line: string; input: string } {
    const envs = Object.entries(options.env ?? {});
    let inner = argv.map(quoteShell).join(' ');
    let input = '';
    if (envs.length > 0) {
      const reads = envs.map((_, i) => `IFS= read -r v${i}`).join('; ');
      const exports = envs.map(([k], i) => `export ${k}="$v${i}"`).join('; ');
      inner = `sh -c ${quoteShell(`${reads}; ${exports}; exec "$@"`)} sh ${inner}`;
      input += envs.map(([, v]) => `${v}\n`).join('');
    }
    const isRoot = this.target.username === 'root';
    const user = options.asPostgres ? 'postgres' : null;
    let prefix = '';
    if (isRoot) prefix = user ? `runuser -u ${user} -- ` : '';
    else if (this.target.sudoPassword !== undefined) {
      prefix = `sudo -S -p '' ${user ? `-u ${user} ` : ''}-- `;
      input = `${this.target.sudoPassword}\n${input}`;
    } else prefix = `sudo -n ${user ? `-u ${user} ` : ''}-- `;
    return { line: `${prefix}${inner}`, input: input + (options.stdin ?? '') };
  }

  async run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    const client = await this.connection();
    const { line, input } = this.wrap(argv, options);
    const shown = this.mask(argv.map(quoteShell).join(' '));
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? 10 * 60_000;
    const result = await new Promise<RunResult & { timedOut: boolean }>((resolve, reject) => {
      client.exec(line, (err, stream: ClientChannel) => {
        if (err) return reject(new HostError(`could not run ${shown} on ${this.where}: ${err.message}`, shown, null, ''));
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        let timedOut = false;
        const timer = setTimeout(() => {
          // Kill the remote command (OpenSSH honours signals) and stop waiting for it.
          timedOut = true;
          stream.signal('KILL');
          stream.close();
          resolve({ exitCode: 124, stdout, stderr, timedOut });
        }, timeoutMs);
        stream.on('data', (d: Buffer) => {
          stdout += d;
          options.onOutput?.('stdout', this.mask(d.toString()));
        });
        stream.stderr.on('data', (d: Buffer) => {
          stderr += d;
          options.onOutput?.('stderr', this.mask(d.toString()));
        });
        stream.on('exit', (c: number | null) => {
          code = c;
        });
        stream.on('close', () => {
          clearTimeout(timer);
          resolve({ exitCode: code ?? 255, stdout, stderr, timedOut });
        });
        stream.end(input);
      });
    });
    if (!result.timedOut && (result.exitCode === 0 || (options.allowFailure && !this.isSudoFailure(result.stderr)))) return result;
    if (this.isSudoFailure(result.stderr)) {
      throw new HostError(
        this.target.sudoPassword === undefined
          ? `sudo on ${this.where} needs a password: add sudoPassword for ${this.target.node}`
          : `sudo on ${this.where} refused the password: check sudoPassword for ${this.target.node}`,
        shown,
        result.exitCode,
        this.mask(result.stderr),
      );
    }
    const why = result.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exited with ${result.exitCode}`;
    const tail = this.mask(result.stderr.trim().split('\n').slice(-3).join(' ')) || 'no error output';
    throw new HostError(`${shown} on ${this.target.node} ${why}: ${tail}`, shown, result.exitCode, this.mask(result.stderr));
  }

  private isSudoFailure(stderr: string): boolean {
    return this.target.username !== 'root' && /sudo: (a password is required|\d+ incorrect password attempts?|no password was provided)|Sorry, try again/.test(stderr);
  }

  async readFile(path: string): Promise<string | null> {
    const r = await this.run(['sh', '-c', 'if [ -e "$0" ]; then cat -- "$0"; else exit 3; fi', path], { allowFailure: true });
    if (r.exitCode === 3) return null;
    if (r.exitCode !== 0) throw new HostError(`cannot read ${path} on ${this.target.node}: ${r.stderr.trim()}`, `cat ${path}`, r.exitCode, r.stderr);
    return r.stdout;
  }

  async writeFile(path: string, content: string, options: WriteOptions): Promise<void> {
    // The content travels on standard input; written beside the target and renamed, so readers never see half.
    const script = 'umask 077; t="$0.pgcascade-tmp"; cat > "$t" && chmod "$1" "$t" && { [ "$2" = 0 ] || chown postgres:postgres "$t"; } && mv -f "$t" "$0"';
    await this.run(['sh', '-c', script, path, options.mode.toString(8), options.asPostgres ? '1' : '0'], { stdin: content });
  }

  /** A local port that forwards to 127.0.0.1:<port> on the host through the SSH connection. */
  async openTunnel(port: number): Promise<Tunnel> {
    const client = await this.connection();
    const server = net.createServer((socket) => {
      client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (err, stream) => {
        if (err) return socket.destroy();
        socket.pipe(stream).pipe(socket);
        socket.on('error', () => stream.close());
        stream.on('error', () => socket.destroy());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.tunnels.add(server);
    const address = server.address() as net.AddressInfo;
    return {
      host: '127.0.0.1',
      port: address.port,
      close: async () => {
        this.tunnels.delete(server);
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  async close(): Promise<void> {
    for (const server of this.tunnels) server.close();
    this.tunnels.clear();
    const conn = this.conn;
    this.conn = null;
    if (conn) (await conn.catch(() => null))?.end();
  }
}
