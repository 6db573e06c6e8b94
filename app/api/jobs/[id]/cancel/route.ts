import { cancelJob } from '@/lib/jobs/job-control';
import { json, route } from '@/lib/http/respond';

/** Cancel a queued or failed job at once; a running one stops after its current command. */
export const POST = route<{ id: string }>(async (_req, { id }) => json(await cancelJob(id), 202), { role: 'operator' });
