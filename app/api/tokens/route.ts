import { getDb } from '@/lib/db/client';
import { createApiToken, listApiTokens } from '@/lib/auth/auth';
import { newTokenSchema } from '@/lib/auth/user-input';
import { json, readBody, route } from '@/lib/http/respond';

export const GET = route(async () => json({ tokens: await listApiTokens(await getDb()) }), { role: 'admin' });

/** A new API token `{ name, role?, expiresInDays? }` (role viewer unless given): the response is the only time it is shown. */
export const POST = route(
  async (req, _params, ctx) => {
    const input = await readBody(req, newTokenSchema);
    ctx.audit.target = `token:${input.name} role=${input.role}`;
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    return json(await createApiToken(await getDb(), { name: input.name, role: input.role, expiresAt, createdBy: ctx.principal?.name ?? '' }), 201);
  },
  { role: 'admin' },
);
