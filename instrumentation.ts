/** Next.js calls this once per server process: the job runner lives beside the web server unless told otherwise. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareAccess } = await import('./lib/auth/startup');
  await prepareAccess();
  if (process.env.PGCASCADE_RUNNER === 'off') return;
  const { startRunner } = await import('./lib/jobs/start');
  await startRunner();
  if (process.env.PGCASCADE_SAMPLER !== 'off') (await import('./lib/clusters/drift')).startDriftWatch();
}
