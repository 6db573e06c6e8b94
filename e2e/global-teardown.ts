import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { listClusters } from './helpers/api';

/** Remove the run's data dir, unless a cluster may have been left behind (then keep it for a look by hand). */
export default async function globalTeardown() {
  const dir = process.env.PGCASCADE_E2E_DATA_DIR;
  if (!dir || !path.basename(dir).startsWith('pgcascade-e2e-') || !existsSync(dir)) return;
  const clustersDir = path.join(dir, 'clusters');
  const hasClusterFiles = existsSync(clustersDir) && readdirSync(clustersDir).length > 0;
  const left = await listClusters().catch(() => null);
  if (left?.length || (left === null && hasClusterFiles)) {
    const why =
      left === null ? 'the panel did not answer' : `clusters left: ${left.map((c) => c.name).join(', ')}`;
    console.warn(`pgcascade e2e: keeping ${dir} (${why})`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
}
