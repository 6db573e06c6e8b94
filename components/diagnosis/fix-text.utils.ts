export interface FixPart {
  text: string;
  isCode: boolean;
}

/** Split a fix step at its `backticks` into prose and code; an unpaired backtick stays prose. */
export function splitFixText(step: string): FixPart[] {
  const parts: FixPart[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (let m = pattern.exec(step); m; m = pattern.exec(step)) {
    if (m.index > last) parts.push({ text: step.slice(last, m.index), isCode: false });
    parts.push({ text: m[1]!, isCode: true });
    last = m.index + m[0].length;
  }
  if (last < step.length) parts.push({ text: step.slice(last), isCode: false });
  return parts;
}

/** Code long enough to be worth a copy button (a command or SQL, not a setting's name). */
export function isCopyWorthy(code: string): boolean {
  return code.length >= 16 || /\s/.test(code.trim());
}
