import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { hostKeys } from '../schema';
import type { HostKeyStore } from '@/lib/hosts/ssh-executor';
import type { HostKey } from '@/lib/hosts/host-keys';

export function hostKeyStore(db: Db): HostKeyStore {
  return {
    async get(host, port) {
      const [row] = await db.select().from(hostKeys).where(and(eq(hostKeys.host, host), eq(hostKeys.port, port)));
      return row ? { fingerprint: row.fingerprint, keyType: row.keyType } : null;
    },
  };
}

export async function listHostKeys(db: Db) {
  return db.select().from(hostKeys).orderBy(asc(hostKeys.host), asc(hostKeys.port));
}

export async function getHostKey(db: Db, host: string, port: number) {
  const [row] = await db.select().from(hostKeys).where(and(eq(hostKeys.host, host), eq(hostKeys.port, port)));
  return row ?? null;
}

/** Raised when a host already has another accepted key: forget that one first. */
export class HostKeyConflictError extends Error {
  constructor(
    readonly key: HostKey,
    readonly accepted: string,
  ) {
    super(`${key.host}:${key.port} already has another accepted key (${accepted}); forget it first if the host was rebuilt`);
    this.name = 'HostKeyConflictError';
  }
}

/** Accept a host's key (a person compared it); accepting the same key again changes nothing. */
export async function acceptHostKey(db: Db, key: HostKey): Promise<void> {
  const current = await getHostKey(db, key.host, key.port);
  if (current && current.fingerprint !== key.fingerprint) throw new HostKeyConflictError(key, current.fingerprint);
  if (current) {
    // A pin from before key types were kept learns its type.
    if (!current.keyType && key.keyType) await db.update(hostKeys).set({ keyType: key.keyType }).where(and(eq(hostKeys.host, key.host), eq(hostKeys.port, key.port)));
    return;
  }
  await db.insert(hostKeys).values(key).onConflictDoNothing();
}

/** Forget a pinned key (after the user checked that the host was rebuilt). */
export async function forgetHostKey(db: Db, host: string, port: number): Promise<boolean> {
  const rows = await db.delete(hostKeys).where(and(eq(hostKeys.host, host), eq(hostKeys.port, port))).returning({ host: hostKeys.host });
  return rows.length > 0;
}
