import 'server-only';
import { randomUUID } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { credentials } from '../schema';
import { credentialAad, decrypt, encrypt } from '@/lib/secrets/cipher';
import { secretKey } from '@/lib/secrets/key';

export interface CredentialSecrets {
  privateKey?: string;
  passphrase?: string;
  password?: string;
  sudoPassword?: string;
  /** A cloud login: Yandex Cloud's service-account authorized key (JSON) or OAuth token. */
  cloudKey?: string;
}

/** The secrets of a row; one sealed before ciphertexts were bound to their row is sealed again, bound. */
async function open(db: Db, key: Buffer, row: { id: string; ciphertext: string }): Promise<CredentialSecrets> {
  const { value, legacy } = decrypt(key, row.ciphertext, credentialAad(row.id));
  if (legacy) await db.update(credentials).set({ ciphertext: encrypt(key, value, credentialAad(row.id)) }).where(eq(credentials.id, row.id));
  return JSON.parse(value) as CredentialSecrets;
}

export async function insertCredential(db: Db, name: string, username: string, secrets: CredentialSecrets): Promise<string> {
  const id = randomUUID();
  await db.insert(credentials).values({ id, name, username, ciphertext: encrypt(await secretKey(), JSON.stringify(secrets), credentialAad(id)) });
  return id;
}

/** Id, name, user and which kinds of secret it holds; never the secrets. */
export async function listCredentials(db: Db) {
  const key = await secretKey();
  const rows = await db.select().from(credentials).orderBy(desc(credentials.createdAt));
  return Promise.all(rows.map(async (r) => {
    const s = await open(db, key, r);
    return { id: r.id, name: r.name, username: r.username, hasKey: !!s.privateKey, hasPassword: !!s.password, hasSudoPassword: !!s.sudoPassword, createdAt: r.createdAt };
  }));
}

export async function getCredential(db: Db, id: string): Promise<({ username: string } & CredentialSecrets) | null> {
  const [row] = await db.select().from(credentials).where(eq(credentials.id, id));
  if (!row) return null;
  return { username: row.username, ...(await open(db, await secretKey(), row)) };
}

export async function deleteCredential(db: Db, id: string): Promise<boolean> {
  return (await db.delete(credentials).where(eq(credentials.id, id)).returning({ id: credentials.id })).length > 0;
}

/** Ids that do not exist, to report at validation time rather than when the job runs. */
export async function missingCredentials(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = new Set((await db.select({ id: credentials.id }).from(credentials).where(inArray(credentials.id, ids))).map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}
