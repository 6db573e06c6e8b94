const PLACEHOLDER = /\{\{secret:([a-z_]+)\}\}/g;
export const MASK = '********';

/** Replace every `{{secret:name}}` with what `replace(name)` returns. */
export function fillPlaceholders(text: string, replace: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => replace(name));
}

export function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/** The environment variable a runbook reads a secret from. */
export function secretEnvVar(name: string): string {
  return `PGCASCADE_${name.toUpperCase()}`;
}
