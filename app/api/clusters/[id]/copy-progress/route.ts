import { copyProgress } from '@/lib/clusters/copy-progress';
import { json, route } from '@/lib/http/respond';

type Params = { id: string };

/** Each subscription's initial copy, per table: state, bytes and rows against the publisher's size, throughput, ETA. */
export const GET = route<Params>(async (_req, { id }) => json({ subscriptions: await copyProgress(id) }), { role: 'viewer' });
