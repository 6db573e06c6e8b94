import 'server-only';
import { getDb } from '@/lib/db/client';
import { setClusterStatus, setClusterTopology } from '@/lib/db/repositories/clusters';
import { deleteSecrets } from '@/lib/db/repositories/secrets';
import { onJobEvent } from '@/lib/jobs/events';
import { OPERATIONAL_JOB_KINDS } from '@/lib/db/repositories/jobs';
import { closeEndpoints } from './endpoints';
import { checkDrift } from './drift';

/** What a job's start and end mean for its cluster: its status, its saved topology, its connections, its drift. */
export function subscribeToJobs(): () => void {
  return onJobEvent(async (event) => {
    const db = await getDb();
    const { job } = event;
    if (OPERATIONAL_JOB_KINDS.includes(job.kind)) return;
    if (event.type === 'job-started') {
      await setClusterStatus(db, job.clusterId, job.kind === 'destroy' ? 'destroying' : 'applying');
      return;
    }
    const { status } = event;
    if (job.kind === 'destroy' && status === 'succeeded') {
      await setClusterStatus(db, job.clusterId, 'destroyed');
      closeEndpoints(job.clusterId);
      await deleteSecrets(db, job.clusterId);
      return;
    }
    // A failover or switchover changes the topology: saved only once every step has succeeded.
    if (status === 'succeeded' && job.plan.topology) await setClusterTopology(db, job.clusterId, job.plan.topology);
    await setClusterStatus(db, job.clusterId, status === 'succeeded' ? 'ready' : 'failed');
    // What the job changed shows in the drift card at once, not a minute later.
    if (status === 'succeeded') void checkDrift(job.clusterId).catch(() => undefined);
  });
}
