import { discoverLayout } from '@/lib/hosts/local-layout';
import { compilePlan, renderRunbook } from '@/lib/plan';
import { readJson, route } from '@/lib/http/respond';
import { requireKnownCredentials, requireTopology } from '@/lib/http/topology-input';

/** The plan as a commented shell runbook (secrets are read from environment variables, never written). */
export const POST = route(async (req) => {
  const topology = await requireKnownCredentials(requireTopology(await readJson(req)));
  const layout = await discoverLayout(topology, 'new-cluster');
  const script = renderRunbook(compilePlan(topology, { layout }), topology, layout);
  const file = `${topology.name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-runbook.sh`;
  return new Response(script, { headers: { 'content-type': 'text/x-shellscript; charset=utf-8', 'content-disposition': `attachment; filename="${file}"` } });
}, { role: 'operator' });
