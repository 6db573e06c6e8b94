const PLACEHOLDER = /\{\{(secret|scram):([a-z0-9_]+)\}\}/g;
export const MASK = '********';

/**
 * Replace every `{{secret:name}}` with what `replace(name)` returns, and every `{{scram:name}}` (a role's
 * password as a SCRAM verifier, so the password itself never reaches the server) with what `replace(name, 'scram')` does.
 */
export function fillPlaceholders(text: string, replace: (name: string, form?: 'scram') => string): string {
  return text.replace(PLACEHOLDER, (_, form: string, name: string) => (form === 'scram' ? replace(name, 'scram') : replace(name)));
}

export function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(text);
}

/** The environment variable a runbook reads a secret from. */
export function secretEnvVar(name: string): string {
  return `PGCASCADE_${name.toUpperCase()}`;
}
