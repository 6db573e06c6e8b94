// The direct probe: a row inserted on the origin, each target polled every 1 ms on its own connection.
import type pg from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Milliseconds from the insert (sent) until the row is visible on each target, in the targets' order. */
export async function probe(origin: pg.Client, table: string, targets: pg.Client[], timeoutMs = 10_000): Promise<number[]> {
  const t0 = performance.now();
  const { rows } = await origin.query<{ id: string }>(`INSERT INTO ${table} DEFAULT VALUES RETURNING id::text AS id`);
  const id = rows[0]!.id;
  return Promise.all(
    targets.map(async (t) => {
      for (;;) {
        const r = await t.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
        const now = performance.now();
        if (r.rowCount) return now - t0;
        if (now - t0 > timeoutMs) throw new Error(`row ${id} of ${table} not visible within ${timeoutMs} ms`);
        await sleep(1);
      }
    }),
  );
}

export const percentile = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** `p50 / p95 / max` in ms. */
export function summary(xs: number[]): string {
  const f = (v: number) => `${v.toFixed(1)} ms`;
  return `${f(percentile(xs, 50))} / ${f(percentile(xs, 95))} / ${f(Math.max(...xs))}`;
}
