import { getDb } from '@/lib/db/client';
import { clustersForExport } from '@/lib/db/repositories/metrics-export';
import { route } from '@/lib/http/respond';
import { renderMetrics } from '@/lib/monitor/prometheus';

export const dynamic = 'force-dynamic';

/**
 * Prometheus' scrape target: every cluster's latest sample in the text exposition format. Any valid API token
 * (`Authorization: Bearer …`, a read-only viewer token is enough) or a session may read it.
 */
export const GET = route(
  async () => {
    const body = renderMetrics(await clustersForExport(await getDb()), new Date());
    return new Response(body, {
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
    });
  },
  { role: 'viewer' },
);
