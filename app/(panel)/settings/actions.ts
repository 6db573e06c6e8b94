'use server';
import { headers } from 'next/headers';
import { defineAction } from '@/lib/http/action';
import { changeOwnPasswordCommand } from '@/lib/http/account-commands';
import { clientAddress } from '@/lib/http/authenticate';
import { setSessionCookie } from '@/lib/http/session-cookie';
import type { AuditNote } from '@/lib/http/audit-write';
import {
  acceptHostKeysCommand,
  createCredentialCommand,
  createTokenCommand,
  createUserCommand,
  deleteTokenCommand,
  deleteUserCommand,
  forgetHostKeyCommand,
  updateUserCommand,
} from '@/lib/http/settings-commands';

// What the settings page changes. Each calls the command its JSON route calls (app/api/users, tokens, credentials,
// host-keys), with the same least role; the arguments are untrusted and checked there.

const targetArg = (id: unknown): AuditNote => (typeof id === 'string' ? { target: id } : {});

/** A new user `{ name, role, password }`; 409 at `name` when taken. */
export const createUserAction = defineAction('createUserAction', { role: 'admin', status: 201 }, async (ctx, input: { name: string; role: string; password: string }) => createUserCommand(input, ctx));

/** Change a user's role or password (a new password ends that user's sessions). */
export const updateUserAction = defineAction('updateUserAction', { role: 'admin', note: targetArg }, async (ctx, id: string, change: { role?: string; password?: string }) => updateUserCommand(id, change, ctx));

/** Remove a user: its sessions end at once. */
export const deleteUserAction = defineAction('deleteUserAction', { role: 'admin', note: targetArg }, async (ctx, id: string) => deleteUserCommand(id, ctx));

/** A new API token: the answer is the only time it is shown. */
export const createTokenAction = defineAction('createTokenAction', { role: 'admin', status: 201 }, async (ctx, input: { name: string; role?: string; expiresInDays?: number }) => createTokenCommand(input, ctx));

/** Revoke a token at once. */
export const deleteTokenAction = defineAction('deleteTokenAction', { role: 'admin', note: targetArg }, async (ctx, id: string) => deleteTokenCommand(id, ctx));

/** An SSH credential (a private key or a password), stored encrypted. */
export const createCredentialAction = defineAction('createCredentialAction', { role: 'admin', status: 201 }, async (ctx, input: { name: string; user: string; privateKey?: string; passphrase?: string; password?: string; sudoPassword?: string }) =>
  createCredentialCommand(input, ctx),
);

/** Accept host keys: one fingerprint the user compared (the wizard's scan), or pasted known_hosts lines; 409 on a different key already accepted. */
export const acceptHostKeysAction = defineAction('acceptHostKeysAction', { role: 'admin', status: 201 }, async (ctx, input: { host: string; port: number; fingerprint: string; keyType?: string | null } | { knownHosts: string; hosts?: Array<{ host: string; port: number }> }) =>
  acceptHostKeysCommand(input, ctx),
);

/** `{ currentPassword, newPassword }`: one's own password; other sessions end, this browser gets a fresh cookie. */
export const changeOwnPasswordAction = defineAction('changeOwnPasswordAction', { role: 'viewer' }, async (ctx, input: { currentPassword: string; newPassword: string }) => {
  const { session } = await changeOwnPasswordCommand(input, ctx, clientAddress({ headers: await headers(), method: 'POST' }));
  await setSessionCookie(session);
  return { ok: true as const };
});

/** Forget a pinned key (the host was rebuilt). */
export const forgetHostKeyAction = defineAction('forgetHostKeyAction', { role: 'admin', note: targetArg }, async (ctx, host: string, port: number) => forgetHostKeyCommand(host, port, ctx));
