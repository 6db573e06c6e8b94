import { retryJob } from '@/lib/jobs/job-control';
import { json, route } from '@/lib/http/respond';

/** Queue a failed job again: it resumes at the step that failed. */
export const POST = route<{ id: string }>(async (_req, { id }) => json(await retryJob(id), 202), { role: 'operator' });
