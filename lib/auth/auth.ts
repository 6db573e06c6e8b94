import 'server-only';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { apiTokens, sessions, users } from '@/lib/db/schema';
import { roleSchema, type Principal, type Role } from './roles';
import { syncEnvAdmin } from './users';

export const SESSION_COOKIE = 'pgcascade_session';
export const SESSION_TTL_MS = 12 * 60 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Equal texts, in time that depends on neither (both are hashed to the same length first). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Whether the first admin must still be created: no user exists and PGCASCADE_ADMIN_PASSWORD is not set. */
export async function setupRequired(db: Db): Promise<boolean> {
  if (process.env.PGCASCADE_ADMIN_PASSWORD) return false;
  return (await db.select({ id: users.id }).from(users).limit(1)).length === 0;
}

/** A new session of a user; the cookie carries the random id, the database only its hash. */
export async function createSession(db: Db, userId: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.insert(sessions).values({ idHash: sha256(id), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
  return id;
}

/** The user behind a session cookie; null when the session expired, ended, or its user is gone. */
export async function sessionPrincipal(db: Db, id: string | undefined): Promise<Principal | null> {
  if (!id) return null;
  await syncEnvAdmin(db);
  const [row] = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sha256(id)), gt(sessions.expiresAt, new Date())));
  return row ? { kind: 'user', id: row.id, name: row.name, role: roleSchema.catch('viewer').parse(row.role) } : null;
}

export async function endSession(db: Db, id: string | undefined): Promise<void> {
  if (id) await db.delete(sessions).where(eq(sessions.idHash, sha256(id)));
}

/** Every session of a user ends (its password changed, or it was removed). */
export async function endSessionsOf(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export interface NewToken {
  name: string;
  role: Role;
  expiresAt: Date | null;
  createdBy: string;
}

/** A new API token, returned once; only its hash is kept. */
export async function createApiToken(db: Db, t: NewToken): Promise<{ id: string; name: string; role: Role; expiresAt: Date | null; token: string }> {
  const id = randomUUID();
  const token = `pgc_${randomBytes(24).toString('base64url')}`;
  await db.insert(apiTokens).values({ id, name: t.name, role: t.role, expiresAt: t.expiresAt, createdBy: t.createdBy, tokenHash: sha256(token) });
  return { id, name: t.name, role: t.role, expiresAt: t.expiresAt, token };
}

export async function listApiTokens(db: Db) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, expiresAt: apiTokens.expiresAt, createdBy: apiTokens.createdBy, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

/** Delete a token; its name, or null when there is none with that id. */
export async function deleteApiToken(db: Db, id: string): Promise<string | null> {
  const [row] = await db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ name: apiTokens.name });
  return row?.name ?? null;
}

/** The principal of a bearer token: PGCASCADE_API_TOKEN (admin), or an unexpired one created in settings. */
export async function tokenPrincipal(db: Db, token: string): Promise<Principal | null> {
  const fromEnv = process.env.PGCASCADE_API_TOKEN;
  if (fromEnv && sameSecret(token, fromEnv)) return { kind: 'token', id: 'env', name: 'token:PGCASCADE_API_TOKEN', role: 'admin' };
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.tokenHash, sha256(token)), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date()))))
    .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role });
  return row ? { kind: 'token', id: row.id, name: `token:${row.name}`, role: roleSchema.catch('viewer').parse(row.role) } : null;
}
