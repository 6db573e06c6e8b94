import { applyClusterCommand } from '@/lib/http/cluster-commands';
import { json, readJson, route } from '@/lib/http/respond';
import { runOptions } from '@/lib/http/run-options';

/** Re-apply the saved topology, or a changed one sent as the body (`?confirmDestructive=true&concurrency=N`). */
export const POST = route<{ id: string }>(
  async (req, { id }, ctx) => {
    const options = runOptions(req);
    return json(await applyClusterCommand(id, await readJson(req, { optional: true }), options, ctx), 202);
  },
  { role: 'operator' },
);
