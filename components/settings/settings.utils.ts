import type { ApiIssue } from '@/lib/queries/types';

/** A date from the API for a table cell; `—` when there is none. */
export function formatWhen(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString();
}

/**
 * Server problems by form field. `aliases` moves a path onto the field that is on screen
 * (the credential form shows one secret at a time); problems with no field go to `other`.
 */
export function issuesByField(
  issues: ApiIssue[],
  fields: readonly string[],
  aliases: Record<string, string> = {},
): { byField: Record<string, string[]>; other: ApiIssue[] } {
  const byField: Record<string, string[]> = {};
  const other: ApiIssue[] = [];
  for (const issue of issues) {
    const field = aliases[issue.path] ?? issue.path;
    if (fields.includes(field)) (byField[field] ??= []).push(issue.message);
    else other.push(issue);
  }
  return { byField, other };
}
