import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openMemoryDb } from '@/lib/db/memory-db';
import type { Db } from '@/lib/db/client';
import { apiTokens } from '@/lib/db/schema';
import { createApiToken, createSession, sessionPrincipal, setupRequired, tokenPrincipal } from './auth';
import { createFirstAdmin, createUser, deleteUser, updateUser, UserError, verifyLogin } from './users';

describe('users, sessions and tokens', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await openMemoryDb()), 60_000);
  afterAll(async () => close());

  it('makes the first admin once, then logs users in with their own password only', async () => {
    expect(await setupRequired(db)).toBe(true);
    const admin = await createFirstAdmin(db, 'admin', 'first admin password');
    expect(admin?.name).toBe('admin');
    expect(await createFirstAdmin(db, 'other', 'another admin password')).toBeNull();
    expect(await setupRequired(db)).toBe(false);
    await createUser(db, 'vera', 'viewer', 'vera viewer password');
    expect(await verifyLogin(db, 'vera', 'vera viewer password')).toMatchObject({ name: 'vera', role: 'viewer' });
    expect(await verifyLogin(db, 'vera', 'first admin password')).toBeNull();
    expect(await verifyLogin(db, 'nobody', 'vera viewer password')).toBeNull();
    await expect(createUser(db, 'vera', 'admin', 'x'.repeat(12))).rejects.toBeInstanceOf(UserError);
  }, 60_000);

  it('ends every session of a user whose password changes or who is removed', async () => {
    const vera = await verifyLogin(db, 'vera', 'vera viewer password');
    const session = await createSession(db, vera!.id);
    expect(await sessionPrincipal(db, session)).toMatchObject({ kind: 'user', name: 'vera', role: 'viewer' });
    // A role change keeps the session, with the new role at once.
    await updateUser(db, vera!.id, { role: 'operator' });
    expect((await sessionPrincipal(db, session))?.role).toBe('operator');
    await updateUser(db, vera!.id, { password: 'vera new password!' });
    expect(await sessionPrincipal(db, session)).toBeNull();
    const again = await createSession(db, vera!.id);
    await deleteUser(db, vera!.id);
    expect(await sessionPrincipal(db, again)).toBeNull();
  }, 60_000);

  it('never leaves the panel without an admin', async () => {
    const admin = await verifyLogin(db, 'admin', 'first admin password');
    await expect(updateUser(db, admin!.id, { role: 'viewer' })).rejects.toThrow(/only admin/);
    await expect(deleteUser(db, admin!.id)).rejects.toThrow(/only admin/);
  }, 60_000);

  it('gives a token its role until it expires', async () => {
    const t = await createApiToken(db, { name: 'ci', role: 'operator', expiresAt: new Date(Date.now() + 60_000), createdBy: 'admin' });
    expect(await tokenPrincipal(db, t.token)).toMatchObject({ kind: 'token', name: 'token:ci', role: 'operator' });
    await db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, t.id));
    expect(await tokenPrincipal(db, t.token)).toBeNull();
    const forever = await createApiToken(db, { name: 'forever', role: 'viewer', expiresAt: null, createdBy: 'admin' });
    expect((await tokenPrincipal(db, forever.token))?.role).toBe('viewer');
    expect(await tokenPrincipal(db, `${forever.token}x`)).toBeNull();
  }, 60_000);
});

describe('the migration from a single admin password', () => {
  it('turns the old password into the admin user and keeps its sessions', async () => {
    const { db, close } = await openMemoryDb();
    try {
      // The data half of the real migration, run again on data shaped like an earlier version's.
      const file = readFileSync(path.join(process.cwd(), 'drizzle/0010_users_roles_audit.sql'), 'utf8');
      const data = file.slice(file.indexOf('-- The single admin')).split('--> statement-breakpoint').map((q) => q.replace(/^--.*$/gm, '').trim()).filter(Boolean);
      expect(data.length).toBe(4);
      const { hashPassword } = await import('./password-hash');
      await db.execute(sql`delete from users`);
      await db.execute(sql`insert into panel_settings (key, value) values ('admin_password', ${await hashPassword('old admin password')})`);
      await db.execute(sql`insert into sessions (id_hash, expires_at) values ('old-session', now() + interval '1 hour')`);
      for (const q of data) await db.execute(sql.raw(q));
      const admin = await verifyLogin(db, 'admin', 'old admin password');
      expect(admin).toMatchObject({ role: 'admin' });
      const rows = await db.execute(sql`select user_id from sessions where id_hash = 'old-session'`);
      expect((rows as unknown as { rows: Array<{ user_id: string }> }).rows[0]?.user_id).toBe(admin?.id);
      expect(((await db.execute(sql`select * from panel_settings`)) as unknown as { rows: unknown[] }).rows).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
