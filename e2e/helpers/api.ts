import { readFileSync } from 'node:fs';
import path from 'node:path';
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

/** The four-node example (examples/four-node.local.json), renamed and moved to the given node ports. */
export function fourNodeTopology(name: string, ports: readonly number[]): Record<string, unknown> {
  const file = path.join(import.meta.dirname, '..', '..', 'examples', 'four-node.local.json');
  const topology = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ name: string; port: number }> };
  return {
    ...topology,
    name,
    nodes: topology.nodes.map((n, i) => ({ ...n, port: ports[i] ?? n.port })),
  };
}

/** Create a cluster through the API (which queues its apply job). */
export async function createCluster(topology: Record<string, unknown>): Promise<{ id: string; jobId: string }> {
  const { status, body } = await api<{ id?: string; jobId?: string }>('POST', '/api/clusters', topology);
  if (status !== 201 || !body.id || !body.jobId) throw new Error(`could not create ${String(topology.name)}: HTTP ${status}`);
  return { id: body.id, jobId: body.jobId };
}

/** Insert a test row on a node, as a script would. */
export async function insertTestRow(clusterId: string, node: string, table: string, data: string): Promise<string> {
  const { status, body } = await api<{ id?: string }>('POST', `/api/clusters/${clusterId}/test-rows`, {
    node,
    table,
    data,
  });
  if (status !== 201 || !body.id) throw new Error(`could not insert a row on ${node}: HTTP ${status}`);
  return body.id;
}

/** The latest rows of a table on every node. */
export async function readRows(
  clusterId: string,
  table: string,
): Promise<Record<string, { rows: Array<{ id: string; data: string | null }>; error?: string }>> {
  const { status, body } = await api<{ nodes?: Record<string, { rows: Array<{ id: string; data: string | null }> }> }>(
    'GET',
    `/api/clusters/${clusterId}/rows?table=${encodeURIComponent(table)}&limit=20`,
  );
  if (status !== 200 || !body.nodes) throw new Error(`could not read rows of ${table}: HTTP ${status}`);
  return body.nodes;
}

/** Forget an accepted SSH host key, if there is one (a spec's cleanup). */
export async function forgetHostKey(host: string, port = 22): Promise<void> {
  const { status } = await api('DELETE', `/api/host-keys?${new URLSearchParams({ host, port: String(port) }).toString()}`);
  if (status !== 200 && status !== 404) throw new Error(`could not forget the host key of ${host}:${port}: HTTP ${status}`);
}

/** A cluster as GET /api/clusters/:id answers it: its saved topology (secrets masked). */
export async function getCluster(id: string): Promise<{ id: string; name: string; topology: Record<string, unknown> }> {
  const { status, body } = await api<{ id?: string; name?: string; topology?: Record<string, unknown> }>('GET', `/api/clusters/${id}`);
  if (status !== 200 || !body.topology) throw new Error(`could not read cluster ${id}: HTTP ${status}`);
  return { id, name: body.name ?? '', topology: body.topology };
}

/** Apply a changed topology to a cluster (POST /api/clusters/:id/apply); returns the job's id. */
export async function applyCluster(id: string, topology: Record<string, unknown>): Promise<string> {
  const { status, body } = await api<{ jobId?: string }>('POST', `/api/clusters/${id}/apply`, topology);
  if (status !== 202 || !body.jobId) throw new Error(`could not apply cluster ${id}: HTTP ${status} ${JSON.stringify(body)}`);
  return body.jobId;
}
