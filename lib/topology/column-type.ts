const WORD = /^[a-z][a-z0-9_]*$/;
const NUMBER = /^\d{1,4}$/;

/**
 * A plain type name: words, then optionally `(n)` or `(n, m)`, more words, and a trailing `[]`. Parsed by
 * tokens in one pass (a regex with nested repeats backtracks for ages on long input).
 */
export function isPlainTypeName(value: string): boolean {
  if (value.length === 0 || value.length > 100) return false;
  let rest = value;
  if (rest.endsWith('[]')) rest = rest.slice(0, -2);
  const open = rest.indexOf('(');
  let before = rest;
  let after = '';
  if (open !== -1) {
    const close = rest.indexOf(')', open);
    if (close === -1) return false;
    const inside = rest.slice(open + 1, close).split(',').map((p) => p.trim());
    // Only one space is allowed around the comma, as before: "numeric(10, 2)".
    if (inside.length > 2 || !inside.every((p) => NUMBER.test(p)) || /\s{2,}|^\s|\s$/.test(rest.slice(open + 1, close))) return false;
    before = rest.slice(0, open);
    after = rest.slice(close + 1);
    if (before.endsWith(' ')) before = before.slice(0, -1);
  }
  const words = (text: string, leading: boolean) => {
    if (text === '') return !leading;
    const parts = (leading ? text : text.replace(/^ /, '')).split(' ');
    if (!leading && !text.startsWith(' ')) return false;
    return parts.every((w) => WORD.test(w));
  };
  return words(before, true) && words(after, false);
}
