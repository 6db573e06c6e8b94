import { expect } from 'vitest';
import { api, failedSteps, waitForJob } from './api';

export interface BackupsAnswer {
  backups: Array<{ label: string; type: string; startedAt: string; finishedAt: string; sizeBytes: number; repoSizeBytes: number; walStart: string; walStop: string; lsnStart: string; lsnStop: string }>;
  archive: { oldest: string | null; newest: string | null; failing: boolean; lastError: string | null };
}

/** "Back up now" through the API, waited for: it must succeed with no failed step. */
export async function backupNow(url: string, clusterId: string, type: 'full' | 'diff' | 'incr') {
  const r = await api<{ jobId: string }>(url, 'POST', `/api/clusters/${clusterId}/backups`, { type });
  expect(r.status).toBe(202);
  const job = await waitForJob(url, r.body.jobId);
  expect(failedSteps(job)).toEqual([]);
  expect(job.status).toBe('succeeded');
  return job;
}

/** The cluster's backup list and archive health, as GET /api/clusters/:id/backups answers. */
export async function listBackups(url: string, clusterId: string): Promise<BackupsAnswer> {
  const r = await api<BackupsAnswer>(url, 'GET', `/api/clusters/${clusterId}/backups`);
  expect(r.status).toBe(200);
  return r.body;
}
