import 'server-only';
import net from 'node:net';
import { Client, type ClientChannel, type ServerHostKeyAlgorithm } from 'ssh2';
import { quoteShell } from '@/lib/postgres/quote';
import { maskedStream } from '@/lib/secrets/mask';
import { HostError } from './host-error';
import type { Executor, ReadOptions, RunOptions, RunResult, Tunnel, WriteOptions } from './executor';
import { fileError, readArgv, readOutcome, writeArgv } from './file-scripts';
import { algorithmsFor, fingerprintOf, keyTypeOf, type HostKey } from './host-keys';

export { fingerprintOf } from './host-keys';

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

/** Host keys a person accepted: the panel connects only to a host whose key is here, and only with that key. */
export interface HostKeyStore {
  get(host: string, port: number): Promise<Pick<HostKey, 'fingerprint' | 'keyType'> | null>;
}

const seenKey = (type: string | null, fingerprint: string) => `${type ? `${type} ` : ''}${fingerprint}`;

/** Raised when a host presents another key than the accepted one: never retried. */
export class HostKeyChangedError extends Error {
  constructor(target: SshTarget, pinned: string, seen: string) {
    super(
      `the SSH host key of ${target.node} (${target.host}:${target.port}) changed: accepted ${pinned}, now ${seen}. If the host was rebuilt, check the new key on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then forget the old one in Settings → Pinned SSH host keys and accept the new one; otherwise someone may be intercepting the connection. Nothing was run on it.`,
    );
    this.name = 'HostKeyChangedError';
  }
}

/** Raised for a host whose key nobody accepted yet: the panel does not log in to it (never retried). */
export class HostKeyNotAcceptedError extends Error {
  constructor(
    target: SshTarget,
    readonly keyType: string | null,
    readonly fingerprint: string,
  ) {
    super(
      `the SSH host key of ${target.node} (${target.host}:${target.port}) has not been accepted: the host presents ${seenKey(keyType, fingerprint)}. Compare it with ssh-keygen -lf /etc/ssh/ssh_host_${(keyType ?? 'ssh-ed25519').replace(/^ssh-|-sha2-nistp\d+$/g, '')}_key.pub on the host, then accept it in the wizard's host step or in Settings → Pinned SSH host keys (or paste the host's known_hosts line there). Nothing was run on it.`,
    );
    this.name = 'HostKeyNotAcceptedError';
  }
}

export interface SshOptions {
  mask?: (text: string) => string;
  connectTimeoutMs?: number;
  attempts?: number;
  commandTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How sudo behaves for the login, found once per connection: never guessed from whether a password was given. */
type SudoMode = 'root' | 'nopasswd' | 'password' | 'none';

/** Runs commands on a host over one reused SSH connection, with sudo when the login is not root. */
export class SshExecutor implements Executor {
  private conn: Promise<Client> | null = null;
  private sudo: Promise<SudoMode> | null = null;
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
    const accepted = await this.hostKeys.get(this.target.host, this.target.port);
    let seen: { type: string | null; fingerprint: string } | null = null;
    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        if (seen && !accepted) return reject(new HostKeyNotAcceptedError(this.target, seen.type, seen.fingerprint));
        if (seen && accepted && seen.fingerprint !== accepted.fingerprint)
          return reject(new HostKeyChangedError(this.target, seenKey(accepted.keyType, accepted.fingerprint), seenKey(seen.type, seen.fingerprint)));
        if (err.level === 'client-authentication') {
          return reject(Object.assign(new Error(`login to ${this.where} failed: the server refused the ${this.target.privateKey ? 'key' : 'password'}`), { final: true }));
        }
        if (/passphrase|encrypted|parse privateKey/i.test(err.message)) return reject(Object.assign(new Error(`the private key for ${this.where} could not be read: ${err.message}`), { final: true }));
        if (/host key|Handshake failed: no matching/i.test(err.message) && accepted?.keyType)
          return reject(Object.assign(new Error(`${this.where} no longer offers a ${accepted.keyType} host key, the type that was accepted: check the host, then accept its current key`), { final: true }));
        const reason = err.code === 'ECONNREFUSED' ? 'connection refused (is sshd running?)' : /timed out/i.test(err.message) ? 'timed out' : (err.code ?? err.message);
        reject(new Error(`cannot reach ${this.where}: ${reason}`));
      });
      try {
        client.connect({
          host: this.target.host,
          port: this.target.port,
          username: this.target.username,
          privateKey: this.target.privateKey,
          passphrase: this.target.passphrase,
          password: this.target.password,
          readyTimeout: this.options.connectTimeoutMs ?? 10_000,
          keepaliveInterval: 15_000,
          // Ask for the accepted key's type, so a host with several keys presents the one that was checked.
          ...(accepted?.keyType ? { algorithms: { serverHostKey: algorithmsFor(accepted.keyType) as ServerHostKeyAlgorithm[] } } : {}),
          hostVerifier: (key: Buffer) => {
            seen = { type: keyTypeOf(key), fingerprint: fingerprintOf(key) };
            // Nothing is sent to a host (not even the login) before its key is the accepted one.
            return accepted !== null && accepted.fingerprint === seen.fingerprint;
          },
        });
      } catch (err) {
        // ssh2 throws at once for a key it cannot parse.
        reject(Object.assign(new Error(`the private key for ${this.where} could not be read: ${(err as Error).message}`), { final: true }));
      }
    });
    // Commands are many small exchanges: without TCP_NODELAY each waits on Nagle and the peer's delayed ACK (a
    // `true` cost 168 ms against 140 ms with it on the test bed).
    client.setNoDelay(true);
    client.on('close', () => {
      this.conn = null;
      this.sudo = null;
    });
    client.on('error', () => undefined);
    return client;
  }

  /** The shared connection; connects with retries and back-off, except for errors retrying cannot fix. */
  private connection(): Promise<Client> {
    this.conn ??= (async () => {
      const attempts = this.options.attempts ?? 3;
      for (let i = 1; ; i++) {
        try {
          return await this.connectOnce();
        } catch (err) {
          const final = err instanceof HostKeyChangedError || err instanceof HostKeyNotAcceptedError || (err as { final?: boolean }).final;
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

  /**
   * How sudo behaves, asked once per connection with `sudo -n -k true` (-k: a cached login does not count). Only a
   * sudo that asks gets the password, so it never lands on a command's standard input (a file, psql, an env value).
   */
  private sudoMode(): Promise<SudoMode> {
    if (this.target.username === 'root') return Promise.resolve('root');
    this.sudo ??= this.exec('sudo -n -k true', '', 30_000).then(
      (r) => (r.exitCode === 0 ? 'nopasswd' : this.target.sudoPassword === undefined ? 'none' : 'password'),
      (err) => {
        this.sudo = null;
        throw err;
      },
    );
    return this.sudo;
  }

  /** The command line and the standard input that carries sudo's password (only when sudo asks) and env values. */
  private wrap(argv: string[], options: RunOptions, mode: SudoMode): { line: string; input: string } {
    const envs = Object.entries(options.env ?? {});
    let inner = argv.map(quoteShell).join(' ');
    let input = '';
    if (envs.length > 0) {
      const reads = envs.map((_, i) => `IFS= read -r v${i}`).join('; ');
      const exports = envs.map(([k], i) => `export ${k}="$v${i}"`).join('; ');
      inner = `sh -c ${quoteShell(`${reads}; ${exports}; exec "$@"`)} sh ${inner}`;
      input += envs.map(([, v]) => `${v}\n`).join('');
    }
    // runuser (as root) rather than sudo -u: only the login's right to become root matters.
    const asUser = options.asPostgres ? 'runuser -u postgres -- ' : '';
    let prefix = asUser;
    if (mode === 'password') {
      // -k: sudo always asks (a cached login would leave the password on the command's input); -S reads one line.
      prefix = `sudo -k -S -p '' -- ${asUser}`;
      input = `${this.target.sudoPassword}\n${input}`;
    } else if (mode !== 'root') prefix = `sudo -n -- ${asUser}`;
    return { line: `${prefix}${inner}`, input: input + (options.stdin ?? '') };
  }

  /** One command on the connection, its output streamed through the mask (a secret split across chunks included). */
  private async exec(line: string, input: string, timeoutMs: number, onOutput?: RunOptions['onOutput'], shown = line): Promise<RunResult & { timedOut: boolean }> {
    const client = await this.connection();
    return new Promise((resolve, reject) => {
      client.exec(line, (err, stream: ClientChannel) => {
        if (err) return reject(new HostError(`could not run ${shown} on ${this.where}: ${err.message}`, shown, null, ''));
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        let timedOut = false;
        const out = onOutput ? maskedStream(this.mask, (t) => onOutput('stdout', t)) : null;
        const err2 = onOutput ? maskedStream(this.mask, (t) => onOutput('stderr', t)) : null;
        const timer = setTimeout(() => {
          // Kill the remote command (OpenSSH honours signals) and stop waiting for it.
          timedOut = true;
          stream.signal('KILL');
          stream.close();
          out?.end();
          err2?.end();
          resolve({ exitCode: 124, stdout, stderr, timedOut });
        }, timeoutMs);
        stream.on('data', (d: Buffer) => {
          stdout += d;
          out?.write(d);
        });
        stream.stderr.on('data', (d: Buffer) => {
          stderr += d;
          err2?.write(d);
        });
        stream.on('exit', (c: number | null) => {
          code = c;
        });
        stream.on('close', () => {
          clearTimeout(timer);
          out?.end();
          err2?.end();
          resolve({ exitCode: code ?? 255, stdout, stderr, timedOut });
        });
        stream.end(input);
      });
    });
  }

  async run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    const mode = await this.sudoMode();
    const { line, input } = this.wrap(argv, options, mode);
    const shown = this.mask(argv.map(quoteShell).join(' '));
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? 10 * 60_000;
    const { timedOut, ...result } = await this.exec(line, input, timeoutMs, options.onOutput, shown);
    if (!timedOut && (result.exitCode === 0 || (options.allowFailure && !this.isSudoFailure(result.stderr)))) return result;
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
    const why = timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exited with ${result.exitCode}`;
    const tail = this.mask(result.stderr.trim().split('\n').slice(-3).join(' ')) || 'no error output';
    throw new HostError(`${shown} on ${this.target.node} ${why}: ${tail}`, shown, result.exitCode, this.mask(result.stderr));
  }

  private isSudoFailure(stderr: string): boolean {
    return this.target.username !== 'root' && /sudo: (a password is required|\d+ incorrect password attempts?|no password was provided)|Sorry, try again/.test(stderr);
  }

  async readFile(path: string, options: ReadOptions = {}): Promise<string | null> {
    const as = options.asPostgres === undefined ? 'auto' : options.asPostgres ? 'postgres' : 'root';
    const r = await this.run(readArgv(path, as), { allowFailure: true, asPostgres: as === 'postgres' });
    return readOutcome({ ...r, stderr: this.mask(r.stderr) }, path, this.target.node);
  }

  async writeFile(path: string, content: string, options: WriteOptions): Promise<void> {
    // The content travels on standard input, into a new temporary file beside the target, renamed over it.
    const as = options.asPostgres ? 'postgres' : 'root';
    const r = await this.run(writeArgv(path, options.mode, as), { stdin: content, allowFailure: true, asPostgres: options.asPostgres });
    if (r.exitCode !== 0) throw fileError('write', { ...r, stderr: this.mask(r.stderr) }, path, this.target.node);
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
    this.sudo = null;
    if (conn) (await conn.catch(() => null))?.end();
  }
}
