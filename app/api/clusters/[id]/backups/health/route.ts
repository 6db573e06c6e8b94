import { backupHealth } from '@/lib/backups/service';
import { json, route } from '@/lib/http/respond';

/** Last good backup age, archive health (pg_stat_archiver), repository disk and the backup alerts. */
export const GET = route<{ id: string }>(async (req, { id }) => json(await backupHealth(id, new URL(req.url).searchParams.get('node') ?? undefined)), { role: 'viewer' });
