import { previewPlan } from '@/lib/clusters/service';
import { maskedPlan } from '@/lib/plan';
import { json, readJson, route } from '@/lib/http/respond';
import { requireTopology } from '@/lib/http/topology-input';

/** Compile a topology into its plan without running anything. */
export const POST = route(async (req) => {
  const topology = requireTopology(await readJson(req));
  return json(maskedPlan(await previewPlan(topology)));
});
