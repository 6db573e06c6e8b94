import { subscriptionActionCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** `{ node, subscription, action: 'skip' | 'disable' | 'enable', lsn? }`: the fixes the diagnoses offer. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await subscriptionActionCommand(id, await readJson(req), ctx)), { role: 'operator' });
