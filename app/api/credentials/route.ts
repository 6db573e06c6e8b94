import { getDb } from '@/lib/db/client';
import { listCredentials } from '@/lib/db/repositories/credentials';
import { json, readJson, route } from '@/lib/http/respond';
import { createCredentialCommand } from '@/lib/http/settings-commands';

/** SSH credentials, stored once (encrypted) and referenced from topologies as ssh.credentialId. */
export const GET = route(async () => json({ credentials: await listCredentials(await getDb()) }), { role: 'operator' });

export const POST = route(async (req, _params, ctx) => json(await createCredentialCommand(await readJson(req), ctx), 201), { role: 'admin' });
