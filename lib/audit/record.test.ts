import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema';
import { listAudit, outcomeOf, pruneAudit, recordAudit } from './record';

describe('audit rows', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await openMemoryDb()), 60_000);
  afterAll(async () => close());

  it('names the outcome by status', () => {
    expect([200, 202, 401, 403, 404, 409, 422, 500].map(outcomeOf)).toEqual(['ok', 'ok', 'denied', 'denied', 'refused', 'refused', 'refused', 'error']);
  });

  it('records, filters and drops rows older than the retention', async () => {
    const base = { actorKind: 'user' as const, clientAddress: '127.0.0.1', status: 202 };
    await recordAudit(db, { ...base, actor: 'olga', action: 'POST /api/clusters/:id/apply', clusterId: 'c1' });
    await recordAudit(db, { ...base, actor: 'vera', action: 'POST /api/clusters', status: 403 });
    await recordAudit(db, { ...base, actor: 'x'.repeat(500), action: 'POST /api/users', target: 't'.repeat(1000) });
    await db.insert(auditLog).values({ at: new Date(Date.now() - 100 * 86_400_000), actorKind: 'user', actor: 'old', action: 'POST /api/tokens', outcome: 'ok', status: 201 });

    expect((await listAudit(db, { actor: 'olga', limit: 10 })).map((r) => r.clusterId)).toEqual(['c1']);
    expect((await listAudit(db, { outcome: 'denied', limit: 10 })).map((r) => r.actor)).toEqual(['vera']);
    expect((await listAudit(db, { action: 'apply', limit: 10 })).length).toBe(1);
    // A filter's wildcard characters are taken literally.
    expect((await listAudit(db, { action: '%', limit: 10 })).length).toBe(0);
    const long = (await listAudit(db, { action: '/api/users', limit: 10 }))[0]!;
    expect(long.actor.length).toBe(100);
    expect(long.target?.length).toBe(200);

    expect(await pruneAudit(db, new Date(Date.now() - 90 * 86_400_000))).toBe(1);
    expect((await listAudit(db, { limit: 10 })).map((r) => r.actor)).not.toContain('old');
  }, 60_000);
});
