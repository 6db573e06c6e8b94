import { previewPlan } from '@/lib/clusters/service';
import { maskedPlan } from '@/lib/plan';
import { json, readJson, route } from '@/lib/http/respond';
import { requireKnownCredentials, requireTopology } from '@/lib/http/topology-input';

/** Compile a topology into its plan without running anything. */
export const POST = route(async (req) => {
  const topology = await requireKnownCredentials(requireTopology(await readJson(req)));
  return json(maskedPlan(await previewPlan(topology)));
}, { role: 'operator' });
