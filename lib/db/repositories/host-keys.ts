import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { hostKeys } from '../schema';
import type { HostKeyStore } from '@/lib/hosts/ssh-executor';

export function hostKeyStore(db: Db): HostKeyStore {
  return {
    async get(host, port) {
      const [row] = await db.select().from(hostKeys).where(and(eq(hostKeys.host, host), eq(hostKeys.port, port)));
      return row?.fingerprint ?? null;
    },
    async pin(host, port, fingerprint) {
      await db.insert(hostKeys).values({ host, port, fingerprint }).onConflictDoNothing();
    },
  };
}

export async function listHostKeys(db: Db) {
  return db.select().from(hostKeys).orderBy(asc(hostKeys.host), asc(hostKeys.port));
}

/** Forget a pinned key (after the user checked that the host was rebuilt). */
export async function forgetHostKey(db: Db, host: string, port: number): Promise<boolean> {
  const rows = await db.delete(hostKeys).where(and(eq(hostKeys.host, host), eq(hostKeys.port, port))).returning({ host: hostKeys.host });
  return rows.length > 0;
}
