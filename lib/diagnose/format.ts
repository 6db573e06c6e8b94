const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** Bytes the way pg_size_pretty prints them (1024-based, its unit names), with one decimal above bytes. */
export function humanBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} bytes` : `${v.toFixed(1)} ${UNITS[i]}`;
}
