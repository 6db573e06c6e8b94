import { apiToken, BASE_URL } from './env';

interface ClusterSummary {
  id: string;
  name: string;
  status: string;
  lastJob: { id: string; status: string } | null;
}

/** A call to the panel's API as a script would make it: with the run's bearer token. */
async function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${apiToken()}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}

export async function listClusters(): Promise<ClusterSummary[]> {
  const { status, body } = await api<{ clusters?: ClusterSummary[] }>('GET', '/api/clusters');
  // A 401 here would read as "no clusters" and hide leftovers: say it.
  if (status !== 200) throw new Error(`GET /api/clusters answered HTTP ${status}`);
  return body.clusters ?? [];
}

/** Wait until a job has ended; returns its final status. */
export async function waitForJob(jobId: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api<{ status: string }>('GET', `/api/jobs/${jobId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body.status;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Destroy every cluster whose name starts with `prefix`, waiting for each destroy job.
 * A job still running is waited for (or cancelled) first, since a cluster runs one job at a time.
 */
export async function destroyClusters(prefix: string): Promise<void> {
  for (const cluster of (await listClusters()).filter((c) => c.name.startsWith(prefix))) {
    if (cluster.lastJob && ['queued', 'running'].includes(cluster.lastJob.status)) {
      await api('POST', `/api/jobs/${cluster.lastJob.id}/cancel`);
      await waitForJob(cluster.lastJob.id);
    }
    const { status, body } = await api<{ jobId?: string }>('DELETE', `/api/clusters/${cluster.id}`);
    if (status !== 202 || !body.jobId) throw new Error(`could not destroy ${cluster.name}: HTTP ${status}`);
    const result = await waitForJob(body.jobId);
    if (result !== 'succeeded') throw new Error(`destroying ${cluster.name} ended ${result}`);
  }
}

/** Store an SSH credential (there is no API to remove one: the run's data dir goes with the teardown). */
export async function createCredential(input: {
  name: string;
  user: string;
  privateKey?: string;
  password?: string;
}): Promise<string> {
  const { status, body } = await api<{ id?: string }>('POST', '/api/credentials', input);
  if (status !== 201 || !body.id) throw new Error(`could not store credential ${input.name}: HTTP ${status}`);
  return body.id;
}
