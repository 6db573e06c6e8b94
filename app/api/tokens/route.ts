import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { createApiToken, listApiTokens } from '@/lib/auth/auth';
import { HttpError, json, readJson, route } from '@/lib/http/respond';

export const GET = route(async () => json({ tokens: await listApiTokens(await getDb()) }));

/** A new API token: the response is the only time it is shown. */
export const POST = route(async (req) => {
  const parsed = z.strictObject({ name: z.string().min(1).max(100) }).safeParse(await readJson(req));
  if (!parsed.success) throw new HttpError(422, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return json(await createApiToken(await getDb(), parsed.data.name), 201);
});
