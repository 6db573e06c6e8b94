import 'server-only';
import { getDb } from '@/lib/db/client';
import { tokenPrincipal } from '@/lib/auth/auth';
import { roleAtLeast } from '@/lib/auth/roles';

/**
 * Whether a request may read `GET /metrics`: a valid, unexpired bearer token (PGCASCADE_API_TOKEN or one made in
 * settings) of any role, a read-only viewer token included.
 */
export async function canReadMetrics(req: Request): Promise<boolean> {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  if (!bearer) return false;
  const principal = await tokenPrincipal(await getDb(), bearer);
  return principal !== null && roleAtLeast(principal.role, 'viewer');
}
