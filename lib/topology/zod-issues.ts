import type { z } from 'zod';
import type { ValidationIssue } from './schema';
import { show } from './rules/format';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'text',
  int: 'a whole number',
  integer: 'a whole number',
};

const unit = (origin: string) => (origin === 'string' ? ' characters' : origin === 'array' ? ' items' : '');

/** Plain-English defaults for zod issues; messages written in schema.ts take precedence. */
export const zodMessages: z.core.$ZodErrorMap = (iss) => {
  // A missing key reaches zod as undefined, whatever the field's type (enums included).
  if (iss.input === undefined && (iss.code === 'invalid_type' || iss.code === 'invalid_value'))
    return 'is required';
  switch (iss.code) {
    case 'invalid_type':
      return `must be ${EXPECTED[iss.expected] ?? `a ${iss.expected}`}, not ${describe(iss.input)}`;
    case 'invalid_value':
      return `must be one of ${iss.values.map(String).join(', ')}`;
    case 'too_big':
      return `must be at most ${iss.maximum}${unit(iss.origin)}`;
    case 'too_small':
      if (iss.origin === 'string' && Number(iss.minimum) === 1) return 'must not be empty';
      return `must be at least ${iss.minimum}${unit(iss.origin)}`;
    default:
      return undefined;
  }
};

/** Zod issues as dotted-path issues; each unknown key gets its own issue that names it. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return issues.flatMap((iss) => {
    const path = iss.path.map(String).join('.');
    if (iss.code === 'unrecognized_keys') {
      return iss.keys.map((key) => ({
        path,
        message: `unknown field "${show(key)}"; remove it or check its spelling`,
      }));
    }
    return [{ path, message: iss.message }];
  });
}
