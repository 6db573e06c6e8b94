/** A PostgreSQL LSN ('16/B374D848') as a byte position; null for NULL. */
export function parseLsn(lsn: string | null | undefined): bigint | null {
  if (!lsn) return null;
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/** Bytes from `behind` to `ahead` (never negative: a replica can briefly report ahead of a stale sample). */
export function lsnBytes(ahead: string | null | undefined, behind: string | null | undefined): number | null {
  const a = parseLsn(ahead);
  const b = parseLsn(behind);
  if (a === null || b === null) return null;
  return a > b ? Number(a - b) : 0;
}
