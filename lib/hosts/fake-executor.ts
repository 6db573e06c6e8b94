import type { Executor, ReadOptions, RunOptions, RunResult, Tunnel, WriteOptions } from './executor';
import { HostError } from './host-error';

export interface FakeRule {
  /** Matches the command line (argv joined by spaces). */
  match: RegExp;
  result: Partial<RunResult> | ((argv: string[]) => Partial<RunResult>);
}

/** An executor for unit tests: only allow-listed commands run, every call is recorded, files live in a Map. */
export class FakeExecutor implements Executor {
  readonly calls: string[] = [];
  readonly files = new Map<string, string>();

  constructor(private readonly rules: FakeRule[]) {}

  async run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    const line = argv.join(' ');
    this.calls.push(line);
    const rule = this.rules.find((r) => r.match.test(line));
    if (!rule) throw new Error(`FakeExecutor: command not allowed: ${line}`);
    const partial = typeof rule.result === 'function' ? rule.result(argv) : rule.result;
    const result = { exitCode: 0, stdout: '', stderr: '', ...partial };
    if (result.stdout) options.onOutput?.('stdout', result.stdout);
    if (result.stderr) options.onOutput?.('stderr', result.stderr);
    if (result.exitCode !== 0 && !options.allowFailure) throw new HostError(`${line} exited with ${result.exitCode}: ${result.stderr}`, line, result.exitCode, result.stderr);
    return result;
  }

  async readFile(path: string, options?: ReadOptions): Promise<string | null> {
    void options;
    return this.files.get(path) ?? null;
  }

  async writeFile(path: string, content: string, options: WriteOptions): Promise<void> {
    void options;
    this.files.set(path, content);
  }

  async openTunnel(port: number): Promise<Tunnel> {
    return { host: '127.0.0.1', port, close: async () => {} };
  }

  async close(): Promise<void> {}
}
