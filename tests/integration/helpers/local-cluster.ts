import path from 'node:path';
import { rmSync } from 'node:fs';
import { api, failedSteps, waitForJob } from './api';
import { stopAllClusters } from './psql';
import type { PanelServer } from './server';

/** Create a local cluster through the API and wait for its apply; its id and the folder its nodes live in. */
export async function applyLocalCluster(
  panel: PanelServer,
  topology: unknown,
): Promise<{ id: string; root: string }> {
  const created = await api<{ id: string; jobId: string }>(panel.url, 'POST', '/api/clusters', topology);
  if (created.status !== 201)
    throw new Error(`cluster not created: ${created.status} ${JSON.stringify(created.body)}`);
  const failed = failedSteps(await waitForJob(panel.url, created.body.jobId));
  if (failed.length > 0) throw new Error(`apply failed: ${failed.join('; ')}`);
  return { id: created.body.id, root: path.join(panel.dataDir, 'clusters', created.body.id) };
}

/** Stop the panel, every cluster under its data dir, and remove the folder (also after a failed test). */
export async function removePanel(panel: PanelServer | undefined, dataDir: string): Promise<void> {
  await panel?.kill();
  stopAllClusters(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
}
