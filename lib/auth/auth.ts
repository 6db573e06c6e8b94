import 'server-only';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { desc, eq, gt, lt, and } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { apiTokens, panelSettings, sessions } from '@/lib/db/schema';
import { hashPassword, verifyPassword } from './password-hash';

export const SESSION_COOKIE = 'pgcascade_session';
export const SESSION_TTL_MS = 12 * 60 * 60_000;
export const MIN_PASSWORD_LENGTH = 12;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether an admin password exists yet (set in the environment, or created on the first visit). */
export async function adminConfigured(db: Db): Promise<boolean> {
  if (process.env.PGCASCADE_ADMIN_PASSWORD) return true;
  const [row] = await db.select().from(panelSettings).where(eq(panelSettings.key, 'admin_password'));
  return !!row;
}

export async function checkAdminPassword(db: Db, password: string): Promise<boolean> {
  const fromEnv = process.env.PGCASCADE_ADMIN_PASSWORD;
  if (fromEnv) return sameText(password, fromEnv);
  const [row] = await db.select().from(panelSettings).where(eq(panelSettings.key, 'admin_password'));
  return row ? verifyPassword(password, row.value) : false;
}

/** First visit: create the admin password. False when one exists already (never overwritten this way). */
export async function setupAdminPassword(db: Db, password: string): Promise<boolean> {
  if (await adminConfigured(db)) return false;
  const rows = await db.insert(panelSettings).values({ key: 'admin_password', value: await hashPassword(password) }).onConflictDoNothing().returning();
  return rows.length === 1;
}

/** A new session; the cookie carries the random id, the database only its hash. */
export async function createSession(db: Db): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.insert(sessions).values({ idHash: sha256(id), expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
  return id;
}

export async function sessionValid(db: Db, id: string | undefined): Promise<boolean> {
  if (!id) return false;
  const [row] = await db.select().from(sessions).where(and(eq(sessions.idHash, sha256(id)), gt(sessions.expiresAt, new Date())));
  return !!row;
}

export async function endSession(db: Db, id: string | undefined): Promise<void> {
  if (id) await db.delete(sessions).where(eq(sessions.idHash, sha256(id)));
}

/** A new API token, returned once; only its hash is kept. */
export async function createApiToken(db: Db, name: string): Promise<{ id: string; name: string; token: string }> {
  const id = randomUUID();
  const token = `pgc_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiTokens).values({ id, name, tokenHash: sha256(token) });
  return { id, name, token };
}

export async function listApiTokens(db: Db) {
  return db.select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).orderBy(desc(apiTokens.createdAt));
}

export async function deleteApiToken(db: Db, id: string): Promise<boolean> {
  return (await db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id })).length > 0;
}

/** A bearer token: PGCASCADE_API_TOKEN, or one created in settings. */
export async function tokenValid(db: Db, token: string): Promise<boolean> {
  const fromEnv = process.env.PGCASCADE_API_TOKEN;
  if (fromEnv && sameText(token, fromEnv)) return true;
  const [row] = await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.tokenHash, sha256(token))).returning({ id: apiTokens.id });
  return !!row;
}
