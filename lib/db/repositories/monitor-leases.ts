import 'server-only';
import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { monitorLeases, monitorWorkers } from '../schema';

const later = (ms: number) => sql`now() + ${`${ms} milliseconds`}::interval`;
const ago = (ms: number) => sql`now() - ${`${ms} milliseconds`}::interval`;

/** Say this process is alive; returns how many sampling processes are (seen within `liveMs`), this one included. */
export async function touchMonitorWorker(db: Db, owner: string, liveMs: number): Promise<number> {
  await db
    .insert(monitorWorkers)
    .values({ owner, seenAt: sql`now()` })
    .onConflictDoUpdate({ target: monitorWorkers.owner, set: { seenAt: sql`now()` } });
  await db.delete(monitorWorkers).where(lt(monitorWorkers.seenAt, ago(60_000)));
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(monitorWorkers)
    .where(gt(monitorWorkers.seenAt, ago(liveMs)));
  return Math.max(1, Number(row?.n ?? 1));
}

/** Extend every lease this process still holds; returns them (one taken over meanwhile is not among them). */
export async function renewMonitorLeases(db: Db, owner: string, leaseMs: number): Promise<string[]> {
  const rows = await db
    .update(monitorLeases)
    .set({ expiresAt: later(leaseMs) })
    .where(and(eq(monitorLeases.owner, owner), gt(monitorLeases.expiresAt, sql`now()`)))
    .returning({ id: monitorLeases.clusterId });
  return rows.map((r) => r.id);
}

/** Clusters (of `ids`) that someone holds now. */
export async function heldMonitorLeases(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: monitorLeases.clusterId })
    .from(monitorLeases)
    .where(and(inArray(monitorLeases.clusterId, ids), gt(monitorLeases.expiresAt, sql`now()`)));
  return new Set(rows.map((r) => r.id));
}

/** Take each of `ids` that has no lease or an expired one; returns those won (two processes never both win one). */
export async function takeMonitorLeases(
  db: Db,
  owner: string,
  ids: string[],
  leaseMs: number,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .insert(monitorLeases)
    .values(ids.map((clusterId) => ({ clusterId, owner, expiresAt: later(leaseMs) })))
    .onConflictDoUpdate({
      target: monitorLeases.clusterId,
      set: { owner, expiresAt: later(leaseMs) },
      setWhere: lt(monitorLeases.expiresAt, sql`now()`),
    })
    .returning({ id: monitorLeases.clusterId, owner: monitorLeases.owner });
  return rows.filter((r) => r.owner === owner).map((r) => r.id);
}

export async function releaseMonitorLeases(db: Db, owner: string, ids?: string[]): Promise<void> {
  await db
    .delete(monitorLeases)
    .where(and(eq(monitorLeases.owner, owner), ...(ids ? [inArray(monitorLeases.clusterId, ids)] : [])));
  if (!ids) await db.delete(monitorWorkers).where(eq(monitorWorkers.owner, owner));
}
