import { runbookCommand } from '@/lib/http/cluster-commands';
import { readJson, route } from '@/lib/http/respond';

/** The plan as a commented shell runbook (secrets are read from environment variables, never written). */
export const POST = route(async (req) => {
  const { file, script } = await runbookCommand(await readJson(req));
  return new Response(script, { headers: { 'content-type': 'text/x-shellscript; charset=utf-8', 'content-disposition': `attachment; filename="${file}"` } });
}, { role: 'operator' });
