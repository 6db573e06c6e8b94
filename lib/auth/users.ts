import 'server-only';
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { sessions, users } from '@/lib/db/schema';
import { hashPassword, verifyPassword } from './password-hash';
import { MIN_PASSWORD_LENGTH } from './password-rules';
import { roleSchema, type Role } from './roles';

export { MIN_PASSWORD_LENGTH } from './password-rules';

/** The user PGCASCADE_ADMIN_PASSWORD belongs to, and the first admin made on the first visit. */
export const FIRST_ADMIN = 'admin';

/** A user or a token was asked for something that would leave the panel without an admin, or a name is taken. */
export class UserError extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** PGCASCADE_ADMIN_PASSWORD must be long enough: checked at start-up, so a weak one never serves a request. */
export function envAdminPasswordProblem(): string | null {
  const pw = process.env.PGCASCADE_ADMIN_PASSWORD;
  if (pw === undefined || pw === '') return null;
  return pw.length < MIN_PASSWORD_LENGTH ? `PGCASCADE_ADMIN_PASSWORD is ${pw.length} characters long: use at least ${MIN_PASSWORD_LENGTH}` : null;
}

const g = globalThis as unknown as { __pgcascadeEnvAdmin?: Promise<void> };

/**
 * With PGCASCADE_ADMIN_PASSWORD set, the user `admin` exists, is an admin and has that password (the environment
 * wins over a password changed in the panel). Once per process.
 */
export function syncEnvAdmin(db: Db): Promise<void> {
  const pw = process.env.PGCASCADE_ADMIN_PASSWORD;
  if (!pw) return Promise.resolve();
  g.__pgcascadeEnvAdmin ??= (async () => {
    const problem = envAdminPasswordProblem();
    if (problem) throw new Error(problem);
    const [row] = await db.select().from(users).where(eq(users.name, FIRST_ADMIN));
    if (!row) {
      await db.insert(users).values({ id: randomUUID(), name: FIRST_ADMIN, role: 'admin', passwordHash: await hashPassword(pw) }).onConflictDoNothing();
    } else if (row.role !== 'admin' || !(await verifyPassword(pw, row.passwordHash))) {
      await db.update(users).set({ role: 'admin', passwordHash: await hashPassword(pw), passwordChangedAt: new Date() }).where(eq(users.id, row.id));
      await db.delete(sessions).where(eq(sessions.userId, row.id));
    }
  })().catch((err) => {
    g.__pgcascadeEnvAdmin = undefined;
    throw err;
  });
  return g.__pgcascadeEnvAdmin;
}

// Verified when the user does not exist, so an unknown name costs the same scrypt as a wrong password.
let dummyHash: Promise<string> | undefined;

/** The user with this name and password, or null (in the same time whether the name exists or not). */
export async function verifyLogin(db: Db, name: string, password: string): Promise<{ id: string; name: string; role: Role } | null> {
  await syncEnvAdmin(db);
  const [row] = await db.select().from(users).where(eq(users.name, name));
  dummyHash ??= hashPassword('pgcascade-no-such-user');
  const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash));
  return row && ok ? { id: row.id, name: row.name, role: roleSchema.catch('viewer').parse(row.role) } : null;
}

export async function listUsers(db: Db) {
  await syncEnvAdmin(db);
  const rows = await db.select({ id: users.id, name: users.name, role: users.role, createdAt: users.createdAt, passwordChangedAt: users.passwordChangedAt }).from(users).orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, fromEnvironment: r.name === FIRST_ADMIN && !!process.env.PGCASCADE_ADMIN_PASSWORD }));
}

/** A new user; 409 when the name is taken. */
export async function createUser(db: Db, name: string, role: Role, password: string): Promise<{ id: string; name: string; role: Role }> {
  const id = randomUUID();
  const rows = await db.insert(users).values({ id, name, role, passwordHash: await hashPassword(password) }).onConflictDoNothing().returning({ id: users.id });
  if (rows.length === 0) throw new UserError(409, 'name', `a user named ${name} exists already`);
  return { id, name, role };
}

/** The first admin on the first visit: only while no user exists at all. */
export async function createFirstAdmin(db: Db, name: string, password: string): Promise<{ id: string; name: string } | null> {
  const id = randomUUID();
  const hash = await hashPassword(password);
  // One statement, so two racing first visits cannot both become admin.
  const result = await db.execute(sql`insert into users (id, name, role, password_hash) select ${id}, ${name}, 'admin', ${hash} where not exists (select 1 from users) returning id`);
  // PGlite and node-postgres both answer with `rows`.
  return (result as unknown as { rows: unknown[] }).rows.length === 1 ? { id, name } : null;
}

const admins = async (db: Db) => (await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'))).map((r) => r.id);

async function requireUser(db: Db, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw new UserError(404, '', `user ${id} not found`);
  return row;
}

/** Change a user's role and/or password; a new password ends all of the user's sessions. */
export async function updateUser(db: Db, id: string, change: { role?: Role; password?: string }): Promise<{ id: string; name: string; role: Role }> {
  const row = await requireUser(db, id);
  if (change.role && change.role !== 'admin' && row.role === 'admin' && (await admins(db)).length === 1) {
    throw new UserError(409, 'role', `${row.name} is the only admin: make another user admin first`);
  }
  if (row.name === FIRST_ADMIN && process.env.PGCASCADE_ADMIN_PASSWORD && (change.password || (change.role && change.role !== 'admin'))) {
    throw new UserError(409, change.password ? 'password' : 'role', `${FIRST_ADMIN} is set by PGCASCADE_ADMIN_PASSWORD: change it there`);
  }
  await db
    .update(users)
    .set({ ...(change.role ? { role: change.role } : {}), ...(change.password ? { passwordHash: await hashPassword(change.password), passwordChangedAt: new Date() } : {}) })
    .where(eq(users.id, id));
  if (change.password) await db.delete(sessions).where(eq(sessions.userId, id));
  return { id, name: row.name, role: change.role ?? roleSchema.catch('viewer').parse(row.role) };
}

/** Remove a user (its sessions go with it); never the last admin. Returns the name. */
export async function deleteUser(db: Db, id: string): Promise<string> {
  const row = await requireUser(db, id);
  if (row.role === 'admin' && (await admins(db)).length === 1) throw new UserError(409, '', `${row.name} is the only admin: make another user admin first`);
  if (row.name === FIRST_ADMIN && process.env.PGCASCADE_ADMIN_PASSWORD) throw new UserError(409, '', `${FIRST_ADMIN} is set by PGCASCADE_ADMIN_PASSWORD: unset it first`);
  await db.delete(sessions).where(eq(sessions.userId, id));
  await db.delete(users).where(eq(users.id, id));
  return row.name;
}
