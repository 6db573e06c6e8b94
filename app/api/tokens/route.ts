import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createApiToken, listApiTokens } from '@/lib/auth/auth';
import { json, readBody, route } from '@/lib/http/respond';

export const GET = route(async () => json({ tokens: await listApiTokens(await getDb()) }));

/** A new API token: the response is the only time it is shown. */
export const POST = route(async (req) => {
  const input = await readBody(req, z.strictObject({ name: z.string().min(1).max(100) }));
  return json(await createApiToken(await getDb(), input.name), 201);
});
