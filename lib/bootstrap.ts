import 'server-only';
import { getDbHandle } from '@/lib/db/client';
import { startRunner } from '@/lib/jobs/start';
import type { Runner } from '@/lib/jobs/runner';
import { subscribeToJobs } from '@/lib/clusters/job-effects';
import { startDriftWatch } from '@/lib/clusters/drift';
import { startSampler } from '@/lib/monitor/sampler';

const g = globalThis as unknown as { __pgcascadeServices?: Promise<Runner> };

/**
 * Everything a panel or worker process runs besides the web server, wired in one place: the job runner, what
 * its events mean for clusters, the sampler and the drift watch (unless PGCASCADE_SAMPLER=off).
 */
export function startServices(): Promise<Runner> {
  g.__pgcascadeServices ??= (async () => {
    subscribeToJobs();
    const runner = await startRunner();
    if (process.env.PGCASCADE_SAMPLER !== 'off') {
      // With the embedded state DB this process is the only one: it samples every cluster without leases.
      const { db, exclusive } = await getDbHandle();
      startSampler(db, exclusive);
      startDriftWatch();
    }
    return runner;
  })();
  return g.__pgcascadeServices;
}
