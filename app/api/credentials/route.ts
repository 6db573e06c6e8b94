import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { insertCredential, listCredentials } from '@/lib/db/repositories/credentials';
import { json, readBody, route } from '@/lib/http/respond';

const body = z
  .strictObject({
    name: z.string().min(1).max(100),
    user: z.string().min(1).max(64).regex(/^[a-z_][a-z0-9_.-]*$/, 'must be a user name'),
    privateKey: z.string().max(20_000).optional(),
    passphrase: z.string().max(1000).optional(),
    password: z.string().max(1000).optional(),
    sudoPassword: z.string().max(1000).optional(),
  })
  .refine((c) => c.privateKey || c.password, { message: 'give a privateKey or a password', path: ['privateKey'] });

/** SSH credentials, stored once (encrypted) and referenced from topologies as ssh.credentialId. */
export const GET = route(async () => json({ credentials: await listCredentials(await getDb()) }), { role: 'operator' });

export const POST = route(async (req, _params, ctx) => {
  const input = await readBody(req, body);
  const { name, user, ...secrets } = input;
  ctx.audit.target = `credential:${name}`;
  return json({ id: await insertCredential(await getDb(), name, user, secrets), name, user }, 201);
}, { role: 'admin' });
