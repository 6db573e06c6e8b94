import { reconcilePlan } from '@/lib/clusters/drift';
import { maskedPlan } from '@/lib/plan';
import { reconcileCommand } from '@/lib/http/cluster-commands';
import { json, route } from '@/lib/http/respond';
import { runOptions } from '@/lib/http/run-options';

/** The plan of only the steps whose live state differs (checked now), shown before it runs. */
export const GET = route<{ id: string }>(async (_req, { id }) => json(maskedPlan(await reconcilePlan(id))), { role: 'operator' });

/** Queue that plan as a job. */
export const POST = route<{ id: string }>(async (req, { id }, ctx) => json(await reconcileCommand(id, runOptions(req), ctx), 202), { role: 'operator' });
