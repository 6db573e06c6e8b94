import { getDb } from '@/lib/db/client';
import { clustersForExport } from '@/lib/db/repositories/metrics-export';
import { canReadMetrics } from '@/lib/http/metrics-auth';
import { route } from '@/lib/http/respond';
import { renderMetrics } from '@/lib/monitor/prometheus';

export const dynamic = 'force-dynamic';

/** Prometheus' scrape target: every cluster's latest sample in the text exposition format, behind a bearer token. */
export const GET = route(
  async (req) => {
    if (!(await canReadMetrics(req)))
      return new Response('send Authorization: Bearer <API token> (create one in Settings, or set PGCASCADE_API_TOKEN)\n', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="pgcascade"', 'content-type': 'text/plain; charset=utf-8' },
      });
    const body = renderMetrics(await clustersForExport(await getDb()), new Date());
    return new Response(body, {
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
    });
  },
  { public: true },
);
