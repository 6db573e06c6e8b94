import 'server-only';
import { z } from 'zod';
import { identifierSchema } from '@/lib/topology/schema';
import { takeOver } from '@/lib/clusters/takeover';
import type { TakeoverMode } from '@/lib/plan/steps/failover';
import { HttpError, json, readBody, route } from './respond';

const body = z.strictObject({ promote: identifierSchema });

/** `POST { "promote": "vm4" }`: queue the job and answer its id (202); 422 with the reason when it cannot be done. */
export function takeoverRoute(mode: TakeoverMode) {
  return route<{ id: string }>(
    async (req, { id }, ctx) => {
      const { promote } = await readBody(req, body);
      ctx.audit.node = promote;
      const r = await takeOver(id, promote, mode);
      if (!r.ok) throw new HttpError(422, r.issues);
      ctx.audit.target = r.jobId;
      return json({ jobId: r.jobId, promote, replaced: r.replaced, mode }, 202);
    },
    { role: 'operator' },
  );
}
