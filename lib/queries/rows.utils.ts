import type { NodeRows, TestRow } from './types';

/** What the panel has seen of one table across polls. Times are the client clock (Date.now()). */
export interface RowObservations {
  /** The latest answer of every node. */
  nodes: Record<string, NodeRows>;
  /** rowId → node → when the row was first seen there. */
  firstSeen: Record<string, Record<string, number>>;
  /** Row ids already present at the first poll: inserted before the page opened, so no arrival time. */
  baseline: Record<string, true>;
  /** When the latest poll answered. */
  at: number;
}

/** Merge one poll into the observations (pure: returns a new object). */
export function observeRows(
  prev: RowObservations | undefined,
  nodes: Record<string, NodeRows>,
  at: number,
): RowObservations {
  const firstSeen: Record<string, Record<string, number>> = { ...prev?.firstSeen };
  const baseline: Record<string, true> = { ...prev?.baseline };
  for (const [node, result] of Object.entries(nodes)) {
    for (const row of result.rows) {
      const seen = firstSeen[row.id];
      if (seen?.[node] !== undefined) continue;
      firstSeen[row.id] = { ...seen, [node]: at };
      if (!prev) baseline[row.id] = true;
    }
  }
  return { nodes, firstSeen, baseline, at };
}

/** A row inserted from this page: on which node, and when the insert answered (client clock). */
export interface InsertRecord {
  node: string;
  t0: number;
}

export type ArrivalCell =
  | { kind: 'origin' }
  | { kind: 'arrived'; ms: number }
  | { kind: 'present' }
  | { kind: 'waiting' }
  | { kind: 'not-replicated' };

/** What one cell of the arrival table shows for `rowId` on `node`. */
export function arrivalCell(
  obs: RowObservations | undefined,
  rowId: string,
  node: string,
  insert: InsertRecord | undefined,
  receives: boolean,
): ArrivalCell {
  const seen = obs?.firstSeen[rowId]?.[node];
  if (seen === undefined) return receives ? { kind: 'waiting' } : { kind: 'not-replicated' };
  if (insert?.node === node) return { kind: 'origin' };
  if (!insert || obs?.baseline[rowId]) return { kind: 'present' };
  // A poll can answer between the commit and the insert's own answer: never show a negative time.
  return { kind: 'arrived', ms: Math.max(0, Math.round(seen - insert.t0)) };
}

function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return nb - na;
  return b.localeCompare(a);
}

/** The newest rows known on any node (plus the ones just inserted), newest first. */
export function latestRows(
  obs: RowObservations | undefined,
  inserted: Record<string, TestRow>,
  limit: number,
): TestRow[] {
  const byId = new Map<string, TestRow>();
  for (const row of Object.values(inserted)) byId.set(row.id, row);
  for (const result of Object.values(obs?.nodes ?? {}))
    for (const row of result.rows) if (!byId.has(row.id)) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => compareIds(a.id, b.id)).slice(0, limit);
}
