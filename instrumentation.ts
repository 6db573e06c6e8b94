/** Next.js calls this once per server process: the job runner lives beside the web server unless told otherwise. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareAccess } = await import('./lib/auth/startup');
  await prepareAccess();
  if (process.env.PGCASCADE_RUNNER === 'off') return;
  const { startServices } = await import('./lib/bootstrap');
  await startServices();
}
