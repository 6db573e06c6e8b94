import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { secrets } from '../schema';
import { decrypt, encrypt, secretAad } from '@/lib/secrets/cipher';
import { secretKey } from '@/lib/secrets/key';

export async function storeSecrets(db: Db, clusterId: string, values: Record<string, string>): Promise<void> {
  const key = await secretKey();
  const rows = Object.entries(values).map(([name, value]) => ({ clusterId, name, ciphertext: encrypt(key, value, secretAad(clusterId, name)) }));
  if (rows.length > 0) await db.insert(secrets).values(rows).onConflictDoNothing();
}

/** Insert or replace (a changed SSH password on re-apply). */
export async function upsertSecrets(db: Db, clusterId: string, values: Record<string, string>): Promise<void> {
  const key = await secretKey();
  for (const [name, value] of Object.entries(values)) {
    await db
      .insert(secrets)
      .values({ clusterId, name, ciphertext: encrypt(key, value, secretAad(clusterId, name)) })
      .onConflictDoUpdate({ target: [secrets.clusterId, secrets.name], set: { ciphertext: encrypt(key, value, secretAad(clusterId, name)) } });
  }
}

export async function loadSecrets(db: Db, clusterId: string): Promise<Record<string, string>> {
  const key = await secretKey();
  const rows = await db.select().from(secrets).where(eq(secrets.clusterId, clusterId));
  const out: Record<string, string> = {};
  for (const r of rows) {
    const { value, legacy } = decrypt(key, r.ciphertext, secretAad(clusterId, r.name));
    // Sealed before ciphertexts were bound to their row: seal it again, bound.
    if (legacy) await db.update(secrets).set({ ciphertext: encrypt(key, value, secretAad(clusterId, r.name)) }).where(and(eq(secrets.clusterId, clusterId), eq(secrets.name, r.name)));
    out[r.name] = value;
  }
  return out;
}

/** Which secrets a cluster has, without opening any. */
export async function secretNames(db: Db, clusterId: string): Promise<string[]> {
  return (await db.select({ name: secrets.name }).from(secrets).where(eq(secrets.clusterId, clusterId))).map((r) => r.name);
}

export async function deleteSecrets(db: Db, clusterId: string): Promise<void> {
  await db.delete(secrets).where(eq(secrets.clusterId, clusterId));
}
