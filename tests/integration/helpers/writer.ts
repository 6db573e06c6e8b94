import { spawn } from 'node:child_process';

/** A client that inserts one row every `everyMs` and keeps the ids PostgreSQL acknowledged (RETURNING). */
export interface Writer {
  acked: number[];
  errors: string[];
  stop(): Promise<{ acked: number[]; errors: string[]; attempted: number }>;
}

/**
 * One long-lived psql (argv: how to start it, e.g. over a node's socket or inside a test host) fed an INSERT …
 * RETURNING id every `everyMs`; every id it prints is a row the server acknowledged.
 */
export function startWriter(argv: string[], table: string, label: string, everyMs = 50): Writer {
  const [cmd, ...args] = argv;
  const child = spawn(cmd!, [...args, '-X', '-A', '-t', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const acked: number[] = [];
  const errors: string[] = [];
  let attempted = 0;
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (/^\d+$/.test(line.trim())) acked.push(Number(line.trim()));
  });
  child.stderr.on('data', (d: Buffer) => errors.push(d.toString().trim()));
  const timer = setInterval(() => {
    attempted++;
    child.stdin.write(`INSERT INTO ${table} (data) VALUES ('${label} ${attempted}') RETURNING id;\n`);
  }, everyMs);
  return {
    acked,
    errors,
    async stop() {
      clearInterval(timer);
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
      return { acked, errors, attempted };
    },
  };
}
