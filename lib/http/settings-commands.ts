import 'server-only';
import { z } from 'zod';
import { createApiToken, deleteApiToken } from '@/lib/auth/auth';
import { newTokenSchema, newUserSchema, userChangeSchema } from '@/lib/auth/user-input';
import { createUser, deleteUser, updateUser } from '@/lib/auth/users';
import { getDb } from '@/lib/db/client';
import { deleteCredential, insertCredential } from '@/lib/db/repositories/credentials';
import { acceptHostKey, forgetHostKey, getHostKey, HostKeyConflictError } from '@/lib/db/repositories/host-keys';
import { HostKeyScanError, scanHostKey } from '@/lib/hosts/host-key-scan';
import { parseKnownHosts, type HostKey } from '@/lib/hosts/host-keys';
import type { CommandContext } from './cluster-commands';
import { HttpError } from './http-error';
import { parseInput } from './respond';

// The settings' writes (users, API tokens, SSH credentials, host keys), as their routes and the settings page's
// server actions both run them: the input is untrusted and checked here, the audit row's target named here.

const id = z.string().min(1).max(100);

/** `{ name, role, password }`: a new user; 409 at `name` when taken. */
export async function createUserCommand(input: unknown, ctx: CommandContext) {
  const user = parseInput(input, newUserSchema);
  ctx.audit.target = `user:${user.name}`;
  return createUser(await getDb(), user.name, user.role, user.password);
}

/** `{ role?, password? }`: a new password ends every session of that user. Never leaves the panel without an admin. */
export async function updateUserCommand(userId: string, input: unknown, ctx: CommandContext) {
  parseInput(userId, id);
  ctx.audit.target = userId;
  const change = parseInput(input, userChangeSchema);
  const user = await updateUser(await getDb(), userId, change);
  ctx.audit.target = `user:${user.name}${change.role ? ` role=${change.role}` : ''}${change.password ? ' password' : ''}`;
  return user;
}

/** Remove a user: its sessions end at once. */
export async function deleteUserCommand(userId: string, ctx: CommandContext) {
  parseInput(userId, id);
  ctx.audit.target = userId;
  ctx.audit.target = `user:${await deleteUser(await getDb(), userId)}`;
  return { ok: true as const };
}

/** `{ name, role?, expiresInDays? }` (viewer unless given): the answer is the only time the token is shown. */
export async function createTokenCommand(input: unknown, ctx: CommandContext) {
  const token = parseInput(input, newTokenSchema);
  ctx.audit.target = `token:${token.name} role=${token.role}`;
  const expiresAt = token.expiresInDays ? new Date(Date.now() + token.expiresInDays * 86_400_000) : null;
  return createApiToken(await getDb(), { name: token.name, role: token.role, expiresAt, createdBy: ctx.principal?.name ?? '' });
}

/** Revoke a token at once. */
export async function deleteTokenCommand(tokenId: string, ctx: CommandContext) {
  parseInput(tokenId, id);
  ctx.audit.target = tokenId;
  const name = await deleteApiToken(await getDb(), tokenId);
  if (name === null) throw new HttpError(404, [{ path: '', message: `token ${tokenId} not found` }]);
  ctx.audit.target = `token:${name}`;
  return { ok: true as const };
}

const credentialInput = z
  .strictObject({
    name: z.string().min(1).max(100),
    user: z.string().min(1).max(64).regex(/^[a-z_][a-z0-9_.-]*$/, 'must be a user name'),
    privateKey: z.string().max(20_000).optional(),
    passphrase: z.string().max(1000).optional(),
    password: z.string().max(1000).optional(),
    sudoPassword: z.string().max(1000).optional(),
  })
  .refine((c) => c.privateKey || c.password, { message: 'give a privateKey or a password', path: ['privateKey'] });

/** An SSH credential, stored once (encrypted) and referenced from topologies as ssh.credentialId. */
export async function createCredentialCommand(input: unknown, ctx: CommandContext) {
  const { name, user, ...secrets } = parseInput(input, credentialInput);
  ctx.audit.target = `credential:${name}`;
  return { id: await insertCredential(await getDb(), name, user, secrets), name, user };
}

export async function deleteCredentialCommand(credentialId: string, ctx: CommandContext) {
  parseInput(credentialId, id);
  ctx.audit.target = credentialId;
  if (!(await deleteCredential(await getDb(), credentialId))) throw new HttpError(404, [{ path: '', message: `credential ${credentialId} not found` }]);
  return { ok: true as const };
}

const hostField = z.string().min(1).max(253).regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address');
const portField = z.int().min(1).max(65535).default(22);

const hostKeyInput = z.union([
  // One key, as the wizard showed it (from a scan) and the user accepted it.
  z.strictObject({
    host: hostField,
    port: portField,
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint (SHA256:…, 43 characters after the colon)'),
    keyType: z.string().regex(/^[a-z0-9@.-]{3,64}$/).nullable().optional(),
  }),
  // known_hosts lines; hashed names are matched against `hosts`.
  z.strictObject({
    knownHosts: z.string().min(1).max(100_000),
    hosts: z.array(z.strictObject({ host: hostField, port: portField })).max(100).optional(),
  }),
]);

/** Accept host keys: one fingerprint the user compared, or pasted known_hosts lines. A different key already accepted is a 409. */
export async function acceptHostKeysCommand(input: unknown, ctx: CommandContext) {
  const body = parseInput(input, hostKeyInput);
  let keys: HostKey[];
  let skipped: string[] = [];
  if ('knownHosts' in body) {
    ({ keys, skipped } = parseKnownHosts(body.knownHosts, body.hosts ?? []));
    if (keys.length === 0) throw new HttpError(422, [{ path: 'knownHosts', message: `no usable known_hosts line${skipped.length ? `: ${skipped.join('; ')}` : ''}` }]);
  } else {
    keys = [{ host: body.host, port: body.port, fingerprint: body.fingerprint, keyType: body.keyType ?? null }];
  }
  ctx.audit.target = keys.map((k) => `${k.host}:${k.port}`).join(' ').slice(0, 200);
  const db = await getDb();
  const conflicts: string[] = [];
  for (const key of keys) {
    try {
      await acceptHostKey(db, key);
    } catch (err) {
      if (!(err instanceof HostKeyConflictError)) throw err;
      conflicts.push(`${key.host}:${key.port} already has the accepted key ${err.accepted}, not ${key.fingerprint}: if the host was rebuilt, forget the old key first`);
    }
  }
  if (conflicts.length > 0) throw new HttpError(409, conflicts.map((message) => ({ path: 'knownHosts' in body ? 'knownHosts' : 'fingerprint', message })));
  return { accepted: keys, skipped };
}

/** Forget a pinned key, after checking that the host really was rebuilt. */
export async function forgetHostKeyCommand(host: unknown, port: unknown, ctx: CommandContext) {
  const key = parseInput({ host, port }, z.strictObject({ host: z.string().max(253), port: z.int().min(1).max(65535) }));
  ctx.audit.target = `${key.host}:${key.port}`;
  if (!(await forgetHostKey(await getDb(), key.host, key.port))) throw new HttpError(404, [{ path: 'host', message: `no key pinned for ${key.host}:${key.port}` }]);
  return { ok: true as const };
}

const scanInput = z.strictObject({ host: hostField, port: portField });

/**
 * The key a host presents now, for a person to compare and accept: connects, reads the key in the handshake and
 * hangs up before logging in. Also says which key is accepted for that host already, if any.
 */
export async function scanHostKeyCommand(input: unknown, ctx: CommandContext) {
  const { host, port } = parseInput(input, scanInput);
  ctx.audit.target = `${host}:${port}`;
  try {
    const seen = await scanHostKey(host, port);
    const accepted = await getHostKey(await getDb(), host, port);
    return { ...seen, accepted: accepted ? { fingerprint: accepted.fingerprint, keyType: accepted.keyType, pinnedAt: accepted.pinnedAt } : null };
  } catch (err) {
    if (err instanceof HostKeyScanError) throw new HttpError(502, [{ path: 'host', message: err.message }]);
    throw err;
  }
}
