import 'server-only';
import { spawn, type ChildProcess } from 'node:child_process';

/*
 * Local commands are started by small helper processes, not by the panel itself. spawn() blocks the calling
 * thread until the child has exec'd, and in the panel (a large heap, PGlite, every job lane and HTTP request on
 * one thread) a busy machine made that ~20 ms per command: a four-node apply spent 6.7 s of its one thread
 * there (CPU profile of `npm run bench:provision`). A helper with a tiny heap forks in ~3 ms, and while it
 * waits the panel's thread goes on.
 */

/** The helper: runs each request's command and streams its output and exit back over the IPC channel. */
const HELPER_SOURCE = `
const { spawn } = require('node:child_process');
const kids = new Map();
process.on('message', (m) => {
  if (m.kill) { kids.get(m.id)?.kill(m.kill); return; }
  let c;
  try {
    c = spawn(m.cmd, m.args, { env: m.env, cwd: m.cwd, stdio: [m.stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch (e) { process.send({ id: m.id, error: String(e && e.message) }); return; }
  kids.set(m.id, c);
  if (m.stdin !== null) { c.stdin.on('error', () => {}); c.stdin.end(m.stdin); }
  c.stdout.on('data', (d) => process.send({ id: m.id, stream: 'stdout', d }));
  c.stderr.on('data', (d) => process.send({ id: m.id, stream: 'stderr', d }));
  c.on('error', (e) => { kids.delete(m.id); process.send({ id: m.id, error: String(e && e.message) }); });
  c.on('close', (code, signal) => { kids.delete(m.id); process.send({ id: m.id, code, signal }); });
});
process.on('disconnect', () => { for (const c of kids.values()) c.kill('SIGKILL'); process.exit(0); });
`;

export interface SpawnRequest {
  cmd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: string | null;
}

export interface SpawnHandlers {
  onData(stream: 'stdout' | 'stderr', data: Buffer): void;
  /** Exactly once: the command ended (code null when killed by `signal`) or could not start (`error`). */
  onEnd(result: { code: number | null; signal: NodeJS.Signals | null } | { error: string }): void;
}

type Message = { id: number } & ({ stream: 'stdout' | 'stderr'; d: Uint8Array } | { error: string } | { code: number | null; signal: NodeJS.Signals | null });

class Helper {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, SpawnHandlers>();
  private nextId = 1;
  exited = false;

  constructor() {
    this.child = spawn(process.execPath, ['-e', HELPER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced', cwd: '/' });
    this.child.on('message', (m: Message) => this.receive(m));
    this.child.on('exit', () => this.fail('the helper process that starts local commands exited'));
    this.child.on('error', (err) => this.fail(`the helper process that starts local commands failed: ${err.message}`));
    // The helper never keeps the panel (or a script) alive by itself: only its channel does, while a command runs.
    this.child.unref();
    this.idle();
  }

  get load(): number {
    return this.pending.size;
  }

  start(request: SpawnRequest, handlers: SpawnHandlers): (signal: NodeJS.Signals) => void {
    const id = this.nextId++;
    this.pending.set(id, handlers);
    // Held open only while a command runs, so that a script using the executor still exits when done.
    this.child.channel?.ref();
    this.child.send({ id, ...request });
    return (signal) => {
      if (this.pending.has(id)) this.child.send({ id, kill: signal });
    };
  }

  private receive(m: Message): void {
    const handlers = this.pending.get(m.id);
    if (!handlers) return;
    if ('stream' in m) return handlers.onData(m.stream, Buffer.from(m.d));
    this.pending.delete(m.id);
    this.idle();
    handlers.onEnd('error' in m ? { error: m.error } : { code: m.code, signal: m.signal });
  }

  private idle(): void {
    if (this.pending.size === 0) this.child.channel?.unref();
  }

  private fail(why: string): void {
    this.exited = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const handlers of pending) handlers.onEnd({ error: why });
  }
}

/** Two helpers: each waits for one exec at a time, and the machines this runs on have at least two cores. */
const POOL_SIZE = 2;
const pool: Helper[] = [];

/** Start a command through the least busy helper; returns a function that sends the command a signal. */
export function spawnThroughHelper(request: SpawnRequest, handlers: SpawnHandlers): (signal: NodeJS.Signals) => void {
  for (let i = pool.length - 1; i >= 0; i--) if (pool[i]!.exited) pool.splice(i, 1);
  while (pool.length < POOL_SIZE) pool.push(new Helper());
  const helper = pool.reduce((a, b) => (b.load < a.load ? b : a));
  return helper.start(request, handlers);
}
