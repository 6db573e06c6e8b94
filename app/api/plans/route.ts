import { planCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';

/** Compile a topology into its plan without running anything. */
export const POST = route(async (req) => json(await planCommand(await readJson(req))), { role: 'operator' });
