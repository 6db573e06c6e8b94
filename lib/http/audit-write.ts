import 'server-only';
import { getDb } from '@/lib/db/client';
import type { Principal } from '@/lib/auth/roles';
import { recordAudit } from '@/lib/audit/record';

/** What a handler or action adds to its audit row (never a secret). */
export interface AuditNote {
  /** Who, when there is no principal yet (the name a login tried). */
  actor?: string;
  clusterId?: string;
  node?: string;
  target?: string;
}

export interface AuditWrite {
  principal: Principal | null;
  client: string;
  /** `POST /api/clusters/:id/apply`, or `ACTION applyClusterAction` for a server action (its export's name). */
  action: string;
  note: AuditNote;
  clusterId?: string | null;
  target?: string | null;
  status: number;
}

/** One audit row for a write by someone known; a failure to write it is logged, never the caller's failure. */
export async function writeAudit(w: AuditWrite): Promise<void> {
  const actor = w.principal?.name ?? w.note.actor;
  // Anonymous writes that were refused are noise an attacker could flood the table with; logins are kept.
  if (!actor) return;
  try {
    await recordAudit(await getDb(), {
      actorKind: w.principal?.kind ?? 'anonymous',
      actor,
      clientAddress: w.client,
      action: w.action,
      clusterId: w.note.clusterId ?? w.clusterId ?? null,
      node: w.note.node,
      target: w.note.target ?? w.target ?? null,
      status: w.status,
    });
  } catch (err) {
    console.error('pgcascade: could not write the audit row', w.action, err instanceof Error ? err.message : 'unknown error');
  }
}
