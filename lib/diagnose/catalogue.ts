import { applyEntries } from './entries/apply';
import type { Entry } from './entries/entry';
import { connectionEntries } from './entries/connection';
import { recoveryEntries } from './entries/recovery';
import { walEntries } from './entries/wal';
import { pgbackrestEntries } from './entries/pgbackrest';
import { wrapperEntries } from './entries/wrappers';
import type { DiagnoseHints, Diagnosis } from './types';

/** Every known problem, matched against PostgreSQL, libpq and client-tool error text. */
export const CATALOGUE: readonly Entry[] = [
  ...connectionEntries,
  ...walEntries,
  ...recoveryEntries,
  ...applyEntries,
  ...pgbackrestEntries,
  ...wrapperEntries,
];

function firstMatch(entry: Entry, text: string, sqlstate: string | null | undefined): RegExpExecArray | null {
  for (const pattern of entry.patterns) {
    const m = pattern.exec(text);
    if (m) return m;
  }
  // Matched by its SQLSTATE alone: the whole text stands as the match.
  if (sqlstate && entry.sqlstates?.includes(sqlstate)) return Object.assign([text] as unknown as RegExpExecArray, { index: 0, input: text });
  return null;
}

/**
 * Every diagnosis for a failed step's message and stderr, in the order their messages appear (one per kind).
 * A generic wrapper (`could not connect to the publisher`) is diagnosed only when its cause is not in the catalogue.
 */
export function diagnoseAll(text: string, hints: DiagnoseHints = {}): Diagnosis[] {
  const found: Array<{ at: number; isFallback: boolean; diagnosis: Diagnosis }> = [];
  for (const entry of CATALOGUE) {
    const m = firstMatch(entry, text, hints.sqlstate);
    if (!m) continue;
    const built = entry.build(m, text, hints);
    const diagnosis: Diagnosis = {
      id: entry.id,
      ...built,
      ...(hints.node && !built.node ? { node: hints.node } : {}),
    };
    found.push({ at: m.index, isFallback: !!entry.isFallback, diagnosis });
  }
  const specific = found.filter((f) => !f.isFallback);
  return (specific.length > 0 ? specific : found).sort((a, b) => a.at - b.at).map((f) => f.diagnosis);
}

/** The first diagnosis for this error text, or null when the catalogue does not know it. */
export function diagnoseError(text: string, hints: DiagnoseHints = {}): Diagnosis | null {
  return diagnoseAll(text, hints)[0] ?? null;
}
