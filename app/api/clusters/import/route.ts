import { importCluster, ImportError } from '@/lib/clusters/import';
import { HttpError } from '@/lib/http/http-error';
import { json, readJson, route } from '@/lib/http/respond';

/** Adopt servers that already run: read them, save the cluster with the topology that describes them; nothing changes on the hosts. */
export const POST = route(async (req, _params, ctx) => {
  try {
    const imported = await importCluster(await readJson(req));
    ctx.audit.clusterId = imported.id;
    return json(imported, 201);
  } catch (err) {
    if (err instanceof ImportError) throw new HttpError(422, err.issues);
    throw err;
  }
}, { role: 'operator' });
