import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Daemon {
  url: string;
  logs: () => string;
  /** Stop it and remove its temp dir (config and storage). */
  stop(): Promise<void>;
}

/** Start a Prometheus-family binary on 127.0.0.1 with a temp dir, and wait until `/-/ready` answers. */
async function startDaemon(name: string, binary: string, port: number, config: string, args: (dir: string) => string[]): Promise<Daemon> {
  const dir = mkdtempSync(path.join(tmpdir(), `pgcascade-${name}-`));
  writeFileSync(path.join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn(binary, args(dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => (output += `\n${String(err)}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) return { url, logs: () => output, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${name} did not become ready on ${url}:\n${output}`);
}

/** A real Prometheus (Debian package `prometheus`) on 127.0.0.1 only, config and TSDB in a temp dir. */
export function startPrometheus(port: number, config: string): Promise<Daemon> {
  return startDaemon('prometheus', '/usr/bin/prometheus', port, config, (dir) => [
    `--config.file=${path.join(dir, 'config.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
}

/** A real Alertmanager (Debian package `prometheus-alertmanager`) on 127.0.0.1 only, its HA cluster port off. */
export function startAlertmanager(port: number): Promise<Daemon> {
  const config = 'route:\n  receiver: none\nreceivers:\n  - name: none\n';
  return startDaemon('alertmanager', '/usr/bin/prometheus-alertmanager', port, config, (dir) => [
    `--config.file=${path.join(dir, 'config.yml')}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
}
