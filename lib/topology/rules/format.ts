import type { ValidationIssue } from '../schema';

const MAX_NAME_LENGTH = 64;
const MAX_LISTED = 10;

/** Names come straight from user input and may be huge; keep messages readable. */
export function show(name: string): string {
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name;
}

/** `a, b, c` or `a, b … and 3 more`. */
export function listOf(names: Iterable<string>): string {
  const all = [...names];
  const shown = all.slice(0, MAX_LISTED).map(show).join(', ');
  return all.length > MAX_LISTED ? `${shown} and ${all.length - MAX_LISTED} more` : shown;
}

export function issue(path: ReadonlyArray<string | number>, message: string): ValidationIssue {
  return { path: path.join('.'), message };
}

/** The fix for an unknown reference: `add it under nodes or use one of vm1, vm2`. */
export function oneOf(known: Iterable<string>, addIt: string): string {
  const names = [...known];
  return names.length > 0 ? `${addIt} or use one of ${listOf(names)}` : addIt;
}
