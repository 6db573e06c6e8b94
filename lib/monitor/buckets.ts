/** The server keeps 10-second roll-ups besides the raw samples: wider buckets are whole multiples of them. */
export const ROLLUP_10S_MS = 10_000;

/**
 * The width of the buckets a span is answered with, at most `maxPoints` per series: 1 s samples, a few seconds,
 * then multiples of 10 s so the answer can be read from the 10-second roll-ups. Shared by server and browser.
 */
export function bucketMsFor(spanMs: number, maxPoints: number): number {
  const even = Math.max(1000, Math.ceil(spanMs / maxPoints));
  return even > 5000 ? Math.ceil(even / ROLLUP_10S_MS) * ROLLUP_10S_MS : even;
}
