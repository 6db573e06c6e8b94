// The direct probe: a row inserted on the origin, each target polled every 1 ms on its own connection.
import type pg from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ProbeResult {
  /** The bench's own clock: from sending the INSERT until the SELECT that found the row returned. */
  wallMs: number;
  /**
   * The servers' clocks: the origin's clock_timestamp() at the INSERT to the target's at the SELECT that found the
   * row (the clusters share this machine's clock), so the bench process's own scheduling delays are left out.
   */
  serverMs: number;
}

const EPOCH_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::float8';

/** When a row inserted on `origin` becomes visible on each target, in the targets' order. */
export async function probe(
  origin: pg.Client,
  table: string,
  targets: pg.Client[],
  timeoutMs = 10_000,
): Promise<ProbeResult[]> {
  const t0 = performance.now();
  const { rows } = await origin.query<{ id: string; at: number }>(
    `INSERT INTO ${table} DEFAULT VALUES RETURNING id::text AS id, ${EPOCH_MS} AS at`,
  );
  const { id, at } = rows[0]!;
  return Promise.all(
    targets.map(async (t) => {
      for (;;) {
        const r = await t.query<{ at: number }>(`SELECT ${EPOCH_MS} AS at FROM ${table} WHERE id = $1`, [id]);
        const now = performance.now();
        if (r.rows[0]) return { wallMs: now - t0, serverMs: Math.max(0, r.rows[0].at - at) };
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
