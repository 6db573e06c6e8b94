import { describe, expect, it } from 'vitest';
import { tableCopy } from './copy-progress';

const row = (state: string, processed: number | null) => ({ subscription: 's', table: 'public.t', state, bytes_here: 8192, bytes_processed: processed, tuples_processed: processed === null ? null : processed / 100 });
const size = { table: 'public.t', bytes: '1000000', rows: '10000' };

describe('tableCopy', () => {
  it('measures throughput and ETA between two readings of a copy', () => {
    const first = tableCopy(row('d', 200_000), size, undefined, 0);
    expect(first).toMatchObject({ state: 'copying', done: false, bytesCopied: 200_000, rowsCopied: 2000, bytesPerSecond: null, etaSeconds: null });
    const second = tableCopy(row('d', 400_000), size, { at: 0, bytes: 200_000 }, 2000);
    expect(second).toMatchObject({ bytesPerSecond: 100_000, etaSeconds: 6, bytesTotal: 1_000_000, rowsTotal: 10_000 });
  });

  it('counts a synchronized table as copied whole, and ignores a reading older than a minute', () => {
    expect(tableCopy(row('r', null), size, { at: 0, bytes: 0 }, 1000)).toMatchObject({ state: 'ready', done: true, bytesCopied: 1_000_000, rowsCopied: 10_000, etaSeconds: 0, bytesPerSecond: null });
    expect(tableCopy(row('d', 500_000), size, { at: 0, bytes: 0 }, 61_000).bytesPerSecond).toBeNull();
  });
});
