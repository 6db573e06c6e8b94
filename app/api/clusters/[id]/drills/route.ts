import { listDrills } from '@/lib/backups/restore-service';
import { drillCommand } from '@/lib/http/cluster-commands';
import { json, route } from '@/lib/http/respond';

/** Every restore drill with its report: restore time (RTO), the data's age at the recovery point (RPO), tables. */
export const GET = route<{ id: string }>(async (_req, { id }) => json({ drills: await listDrills(id) }), { role: 'viewer' });

/** Run a restore drill now. */
export const POST = route<{ id: string }>(async (_req, { id }, ctx) => json(await drillCommand(id, ctx), 202), { role: 'operator' });
