/** 0 → "done", 95 → "1 min 35 s", null → "—". */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds === 0) return 'done';
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}
