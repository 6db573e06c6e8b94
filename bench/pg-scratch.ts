// Throw-away PostgreSQL clusters for benchmarks: initdb'd small, on 127.0.0.1, removed afterwards.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pgBin, runAsPostgres } from '../tests/integration/helpers/psql';

const run = (argv: string[]) => runAsPostgres(argv);

export interface Scratch {
  root: string;
  dirs: string[];
  destroy(): void;
}

/** `count` small clusters on ports base..base+count-1 with `password` for postgres over TCP. */
export function scratchClusters(count: number, basePort: number, password: string, settings: string[] = []): Scratch {
  const root = mkdtempSync(path.join(tmpdir(), 'pgcascade-bench-'));
  chmodSync(root, 0o777);
  const pwfile = path.join(root, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  const dirs: string[] = [];
  const scratch = {
    root,
    dirs,
    destroy() {
      for (const d of dirs) {
        try {
          run([pgBin('pg_ctl'), '-D', d, '-m', 'immediate', 'stop']);
        } catch {
          // not running
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < count; i++) {
      const d = path.join(root, `n${i}`);
      run([pgBin('initdb'), '-D', d, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '--locale=C', '-N']);
      dirs.push(d);
      const opts = [`-p ${basePort + i}`, `-k ${root}`, '-c listen_addresses=127.0.0.1', '-c shared_buffers=16MB', '-c max_connections=20', '-c fsync=off', ...settings.map((s) => `-c ${s}`)].join(' ');
      run([pgBin('pg_ctl'), '-D', d, '-l', `${d}.log`, '-o', opts, '-w', 'start']);
    }
  } catch (err) {
    scratch.destroy();
    throw err;
  }
  return scratch;
}
