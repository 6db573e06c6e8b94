import 'server-only';
import { and, desc, eq, gte, ilike, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema';
import { retentionDays } from './retention';

export interface AuditEntry {
  actorKind: 'user' | 'token' | 'anonymous';
  actor: string;
  clientAddress: string;
  action: string;
  clusterId?: string | null;
  node?: string | null;
  target?: string | null;
  status: number;
}

/** ok for 2xx/3xx; denied when authentication or the role refused it; refused for other 4xx; error for 5xx. */
export function outcomeOf(status: number): 'ok' | 'denied' | 'refused' | 'error' {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  return status < 500 ? 'refused' : 'error';
}

const PRUNE_EVERY_MS = 60 * 60_000;
const g = globalThis as unknown as { __pgcascadeAuditPrunedAt?: number };

// Bounded so a field can never carry a pasted secret or a flood of text.
const clip = (v: string | null | undefined, n = 200) => (v == null ? null : v.slice(0, n));

/** Write one row; rows older than the retention are dropped at most once an hour, on the way. */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorKind: e.actorKind,
    actor: clip(e.actor, 100) ?? '',
    clientAddress: clip(e.clientAddress, 64),
    action: clip(e.action) ?? '',
    clusterId: clip(e.clusterId, 100),
    node: clip(e.node, 63),
    target: clip(e.target),
    outcome: outcomeOf(e.status),
    status: e.status,
  });
  const now = Date.now();
  if (now - (g.__pgcascadeAuditPrunedAt ?? 0) > PRUNE_EVERY_MS) {
    g.__pgcascadeAuditPrunedAt = now;
    await pruneAudit(db, new Date(now - retentionDays(process.env) * 86_400_000));
  }
}

export async function pruneAudit(db: Db, before: Date): Promise<number> {
  return (await db.delete(auditLog).where(lt(auditLog.at, before)).returning({ id: auditLog.id })).length;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  clusterId?: string;
  outcome?: string;
  from?: Date;
  to?: Date;
  /** Rows with a smaller id than this (paging back). */
  before?: number;
  limit: number;
}

/** Newest first. */
export async function listAudit(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.actor) where.push(eq(auditLog.actor, f.actor));
  if (f.action) where.push(ilike(auditLog.action, `%${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (f.clusterId) where.push(eq(auditLog.clusterId, f.clusterId));
  if (f.outcome) where.push(eq(auditLog.outcome, f.outcome));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  if (f.before) where.push(lt(auditLog.id, f.before));
  return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(f.limit);
}
