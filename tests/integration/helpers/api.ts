import { TEST_TOKEN } from './server';

export interface JobView {
  id: string;
  status: string;
  error: string | null;
  steps: Array<{ id: string; node: string; kind: string; status: string; error: { message: string } | null; result?: unknown }>;
}

export async function api<T = unknown>(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKEN}` }): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    // A fresh connection each time: a kept-alive socket the panel closes while idle (tests that spend seconds on
    // the hosts between two requests) fails the next request with "other side closed".
    headers: { connection: 'close', ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

export async function getJob(base: string, jobId: string): Promise<JobView> {
  return (await api<JobView>(base, 'GET', `/api/jobs/${jobId}`)).body;
}

/** Poll a job until it ends (or `until` says stop); returns the last view. */
export async function waitForJob(base: string, jobId: string, timeoutMs = 180_000, until?: (job: JobView) => boolean): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(base, jobId);
    if (until ? until(job) : !['queued', 'running'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms: ${JSON.stringify(job.steps.filter((s) => s.status !== 'unchanged' && s.status !== 'changed'))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function failedSteps(job: JobView) {
  return job.steps.filter((s) => s.status === 'failed').map((s) => `${s.id}: ${s.error?.message}`);
}
