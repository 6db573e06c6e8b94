import 'server-only';
import { getDb } from '@/lib/db/client';
import { tokenValid } from '@/lib/auth/auth';

/**
 * Whether a request may read `GET /metrics`: a valid bearer token (PGCASCADE_API_TOKEN or one made in settings).
 * The one place to change when tokens get roles (a read-only token is enough here).
 */
export async function canReadMetrics(req: Request): Promise<boolean> {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  return bearer ? tokenValid(await getDb(), bearer) : false;
}
