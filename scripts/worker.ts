// `npm run worker`: a job runner without the web server, sharing a PostgreSQL state DB (DATABASE_URL) with the
// panel (started with PGCASCADE_RUNNER=off) and with other workers. Jobs are claimed with row locks and leases.
import { closeDb } from '@/lib/db/client';
import { startServices } from '@/lib/bootstrap';
import { stopSampler } from '@/lib/monitor/sampler';

if (!process.env.DATABASE_URL) {
  console.error('pgcascade worker: set DATABASE_URL to the PostgreSQL state database the panel uses (the embedded PGlite state DB belongs to one process only).');
  process.exit(2);
}

const runner = await startServices().catch((err: Error & { cause?: Error }) => {
  console.error(`pgcascade worker: cannot use the state database: ${(err.cause ?? err).message}`);
  process.exit(1);
});
console.log(`pgcascade worker ${runner.owner} is waiting for jobs`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`pgcascade worker: ${signal}, finishing the current step…`);
    void Promise.all([runner.stop(), stopSampler()]).then(closeDb).then(() => process.exit(0));
  });
}
